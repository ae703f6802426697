package org.ppl4j.backend.nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.TensorType;

/**
 * How the kernels make and fill ND4J arrays. Every array made here is fresh, c-order and owns its
 * buffer, so that releasing it hands back exactly that memory; outputs are allocated first and
 * handed to ND4J's ops, never taken from them as views. Arrays come from, and go back to, the
 * backend's {@link Nd4jArrayPool}, so a new one's contents are undefined until written.
 */
final class Nd4jArrays {
    private final Nd4jArrayPool pool;

    Nd4jArrays(Nd4jArrayPool pool) {
        this.pool = pool;
    }

    static DataType dataType(DType d) {
        return switch (d) {
            case F32 -> DataType.FLOAT;
            case F64 -> DataType.DOUBLE;
            case I32 -> DataType.INT;
            case I64 -> DataType.LONG;
        };
    }

    static long[] dims(Shape s) {
        long[] d = new long[s.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = s.dim(i);
        }
        return d;
    }

    static boolean isEmpty(long[] dims) {
        for (long d : dims) {
            if (d == 0) {
                return true;
            }
        }
        return false;
    }

    /** A new array of {@code type}; its contents are undefined. */
    INDArray alloc(TensorType type) {
        return alloc(dataType(type.dtype()), dims(type.shape()));
    }

    /** A new array of the given element type and dimensions (rank 0 and empty included). */
    INDArray alloc(DataType dt, long[] dims) {
        INDArray kept = pool.take(dt, dims);
        if (kept != null) {
            return kept;
        }
        if (dims.length == 0) {
            return Nd4j.scalar(dt, 0);
        }
        if (isEmpty(dims)) {
            return Nd4j.create(dt, dims);
        }
        return Nd4j.createUninitialized(dt, dims, 'c');
    }

    /** A new array of {@code type} holding {@code value} everywhere. */
    INDArray full(TensorType type, double value) {
        INDArray a = alloc(type);
        Nd4jHost.fill(a, value);
        return a;
    }

    /** A new array with the elements of {@code x}, row-major, in the dimensions {@code dims}. */
    INDArray copy(INDArray x, long[] dims) {
        INDArray r = alloc(x.dataType(), dims);
        if (x.length() > 0) {
            Nd4j.getMemoryManager().memcpy(r.data(), x.data());
        }
        return r;
    }

    /** A new copy of {@code x}. */
    INDArray copy(INDArray x) {
        return copy(x, x.shape());
    }

    /** Uploads host values (rounding to {@code type}'s dtype). */
    INDArray upload(double[] data, TensorType type) {
        INDArray a = alloc(type);
        if (data.length == 0) {
            return a;
        }
        if (type.dtype() == DType.F64) {
            Nd4jHost.doubles(a).put(0, data);
        } else if (!type.dtype().isFloating()) {
            // Index vectors: small, written one by one.
            for (int i = 0; i < data.length; i++) {
                a.putScalar(i, data[i]);
            }
        } else {
            FloatBuffer b = Nd4jHost.floats(a);
            for (int i = 0; i < data.length; i++) {
                b.put(i, (float) data[i]);
            }
        }
        return a;
    }

    /** Uploads host values (widening to {@code type}'s dtype). */
    INDArray upload(float[] data, TensorType type) {
        INDArray a = alloc(type);
        if (data.length == 0) {
            return a;
        }
        if (type.dtype() == DType.F32) {
            Nd4jHost.floats(a).put(0, data);
        } else if (!type.dtype().isFloating()) {
            for (int i = 0; i < data.length; i++) {
                a.putScalar(i, data[i]);
            }
        } else {
            DoubleBuffer b = Nd4jHost.doubles(a);
            for (int i = 0; i < data.length; i++) {
                b.put(i, data[i]);
            }
        }
        return a;
    }

    /** The elements, row-major, as doubles. */
    static double[] doubles(INDArray x) {
        double[] r = new double[(int) x.length()];
        if (r.length == 0) {
            return r;
        }
        if (x.dataType() == DataType.DOUBLE) {
            Nd4jHost.doubles(x).get(0, r);
        } else if (!x.dataType().isFPType()) {
            for (int i = 0; i < r.length; i++) {
                r[i] = x.getDouble(i);
            }
        } else {
            FloatBuffer b = Nd4jHost.floats(x);
            for (int i = 0; i < r.length; i++) {
                r[i] = b.get(i);
            }
        }
        return r;
    }

    /** The elements, row-major, as floats. */
    static float[] floats(INDArray x) {
        float[] r = new float[(int) x.length()];
        if (r.length == 0) {
            return r;
        }
        if (x.dataType() == DataType.FLOAT) {
            Nd4jHost.floats(x).get(0, r);
        } else if (!x.dataType().isFPType()) {
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) x.getDouble(i);
            }
        } else {
            DoubleBuffer b = Nd4jHost.doubles(x);
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) b.get(i);
            }
        }
        return r;
    }

    /**
     * {@code x} viewed with leading size-1 axes up to {@code rank}, for libnd4j's broadcasting ops,
     * which fail on mixed ranks such as {@code [3]} with {@code [1, 1]}; the view is never kept.
     */
    static INDArray lift(INDArray x, int rank) {
        if (x.rank() == rank) {
            return x;
        }
        long[] dims = new long[rank];
        Arrays.fill(dims, 1L);
        long[] own = x.shape();
        System.arraycopy(own, 0, dims, rank - own.length, own.length);
        return x.reshape('c', dims);
    }

    /** Runs one of libnd4j's custom ops by name, writing into {@code out}. */
    static INDArray exec(String op, INDArray out, int[] intArgs, INDArray... in) {
        DynamicCustomOp.DynamicCustomOpsBuilder b =
                DynamicCustomOp.builder(op).addInputs(in).addOutputs(out);
        if (intArgs.length > 0) {
            b.addIntegerArguments(intArgs);
        }
        Nd4j.exec(b.build());
        return out;
    }

    /** Runs a custom op without integer arguments. */
    static INDArray exec(String op, INDArray out, INDArray... in) {
        return exec(op, out, new int[0], in);
    }

    /**
     * {@code x} repeated to {@code dims} by NumPy's rule; {@code x} itself if it has them already.
     * libnd4j's {@code assign} broadcasts its source into the target in one pass; its {@code
     * broadcast_to} walks element by element, a hundred times slower.
     */
    INDArray broadcast(INDArray x, long[] dims) {
        if (Arrays.equals(x.shape(), dims)) {
            return x;
        }
        INDArray r = alloc(x.dataType(), dims);
        if (x.length() == 1) {
            Nd4jHost.fill(r, x.getDouble(0));
            return r;
        }
        return exec("assign", r, r, lift(x, dims.length));
    }

    /** Hands back arrays a kernel allocated, skipping nulls and the inputs it was given. */
    void free(INDArray[] keep, INDArray... temps) {
        for (INDArray t : temps) {
            if (t != null && !contains(keep, t)) {
                pool.give(t);
            }
        }
    }

    /** Hands back one array no one else references. */
    void free(INDArray a) {
        pool.give(a);
    }

    private static boolean contains(INDArray[] xs, INDArray x) {
        for (INDArray y : xs) {
            if (y == x) {
                return true;
            }
        }
        return false;
    }
}
