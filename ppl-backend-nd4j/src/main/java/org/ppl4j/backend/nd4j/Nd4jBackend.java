package org.ppl4j.backend.nd4j;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.Capability;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.SelectOp;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;

/**
 * The ppl4j backend on ND4J's CPU kernels, in float32 and float64.
 *
 * <p>Each handle owns one ND4J buffer that {@link #release} hands back at once to the backend's
 * {@link Nd4jArrayPool}, which reuses it for the next result of that shape or frees it. Results are
 * never ND4J views of their inputs, so releasing one handle cannot free memory another still reads.
 */
public final class Nd4jBackend implements Backend {
    static final String NAME = "nd4j";

    private final Nd4jRuntime runtime;
    private final Nd4jArrays arrays;
    private final Nd4jElementwise elementwise;
    private final Nd4jAdamKernels adam;
    private final Nd4jReductions reductions;
    private final Nd4jMatmul matmul;
    private final Nd4jLayout layout;
    private final Nd4jGammaFunctions gammaFunctions;
    private final Nd4jLinalg linalg;
    private final AtomicLong live = new AtomicLong();

    Nd4jBackend(Nd4jRuntime runtime, Nd4jArrayPool pool) {
        this.runtime = runtime;
        this.arrays = new Nd4jArrays(pool);
        this.elementwise = new Nd4jElementwise(arrays);
        this.adam = new Nd4jAdamKernels(arrays);
        this.reductions = new Nd4jReductions(arrays, elementwise);
        this.matmul = new Nd4jMatmul(arrays, Nd4jWorkers.shared(runtime.threads()));
        this.layout = new Nd4jLayout(arrays);
        this.gammaFunctions = new Nd4jGammaFunctions(arrays);
        this.linalg = new Nd4jLinalg(arrays);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return runtime.version();
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public int threads() {
        return runtime.threads();
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.FLOAT64);
    }

    @Override
    public boolean supports(Primitive p) {
        return !(p instanceof FusedOp f)
                || f == FusedOp.SOFTPLUS
                || f == FusedOp.BCE_WITH_LOGITS
                || Nd4jAdamKernels.handles(f);
    }

    @Override
    public Handle fromHost(float[] data, TensorType type) {
        checkLength(data.length, type);
        return own(arrays.upload(data, type));
    }

    @Override
    public Handle fromHost(double[] data, TensorType type) {
        checkLength(data.length, type);
        return own(arrays.upload(data, type));
    }

    @Override
    public float[] toFloats(Handle h, TensorType type) {
        try {
            return Nd4jArrays.floats(array(h, type));
        } catch (RuntimeException e) {
            throw BackendException.wrap(NAME, "toFloats", new TensorType[] {type}, e);
        }
    }

    @Override
    public double[] toDoubles(Handle h, TensorType type) {
        try {
            return Nd4jArrays.doubles(array(h, type));
        } catch (RuntimeException e) {
            throw BackendException.wrap(NAME, "toDoubles", new TensorType[] {type}, e);
        }
    }

    @Override
    public Handle execute(
            Primitive p, Attr attr, Handle[] in, TensorType[] inTypes, TensorType out) {
        try {
            INDArray[] xs = new INDArray[in.length];
            for (int i = 0; i < in.length; i++) {
                xs[i] = array(in[i], inTypes[i]);
            }
            return own(compute(p, attr, xs, inTypes, out));
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) {
            throw BackendException.wrap(NAME, p.name(), inTypes, e);
        }
    }

    private INDArray compute(
            Primitive p, Attr attr, INDArray[] in, TensorType[] types, TensorType out) {
        if (out.shape().size() == 0) {
            return arrays.alloc(out); // nothing to compute, and ND4J's kernels dislike empties
        }
        if (p == CreationOp.FULL) {
            return arrays.full(out, ((Attr.Fill) attr).value());
        }
        if (p != LayoutOp.CONCAT && Arrays.stream(in).anyMatch(INDArray::isEmpty)) {
            // A non-empty result from an empty input: a sum, matmul, pad or scatter of nothing.
            return arrays.full(out, 0.0);
        }
        if (p instanceof UnaryOp u) {
            return elementwise.unary(u, attr, in[0], out);
        } else if (p instanceof BinaryOp b) {
            return elementwise.binary(b, in[0], in[1], out);
        } else if (p instanceof CompareOp c) {
            return elementwise.compare(c, in[0], in[1], out);
        } else if (p == SelectOp.WHERE) {
            return elementwise.where(in[0], in[1], in[2], out);
        } else if (p instanceof ReduceOp r) {
            return reductions.reduce(r, (Attr.Axes) attr, in[0], out);
        } else if (p == MatmulOp.MATMUL) {
            return matmul.matmul((Attr.Transpose) attr, in[0], in[1], out);
        } else if (p instanceof LayoutOp l) {
            return layout.apply(l, attr, in, out);
        } else if (p instanceof SpecialOp s) {
            return gammaFunctions.apply(s, attr, in, out);
        } else if (p instanceof LinalgOp l) {
            return linalg.apply(l, attr, in, types, out);
        } else if (p == FusedOp.SOFTPLUS) {
            return elementwise.softplus(in[0], out);
        } else if (p == FusedOp.BCE_WITH_LOGITS) {
            return elementwise.bceWithLogits(in[0], in[1], out);
        } else if (p instanceof FusedOp f && Nd4jAdamKernels.handles(f)) {
            return adam.apply(f, in, out);
        }
        throw new BackendException(
                "backend '"
                        + NAME
                        + "' has no kernel for "
                        + p.name()
                        + "; check supports() first");
    }

    @Override
    public void release(Handle h) {
        INDArray a = h instanceof Nd4jHandle n ? n.release() : null;
        if (a != null) {
            live.decrementAndGet();
            arrays.free(a);
        }
    }

    @Override
    public long liveHandles() {
        return live.get();
    }

    private Handle own(INDArray a) {
        live.incrementAndGet();
        return new Nd4jHandle(a);
    }

    /** The array behind a handle, checked against its declared type before any kernel reads it. */
    private static INDArray array(Handle h, TensorType type) {
        if (!(h instanceof Nd4jHandle n)) {
            throw new BackendException(
                    "backend '" + NAME + "' was given a handle it did not make: " + h);
        }
        INDArray a = n.array();
        if (a.dataType() != Nd4jArrays.dataType(type.dtype())
                || !Arrays.equals(a.shape(), Nd4jArrays.dims(type.shape()))) {
            throw new BackendException(
                    "backend '"
                            + NAME
                            + "': handle holds "
                            + a.dataType()
                            + Arrays.toString(a.shape())
                            + " but was passed as "
                            + type);
        }
        return a;
    }

    private static void checkLength(int n, TensorType type) {
        if (n != type.shape().size()) {
            throw new BackendException(
                    "backend '"
                            + NAME
                            + "': "
                            + n
                            + " values do not fill "
                            + type
                            + " ("
                            + type.shape().size()
                            + " elements)");
        }
    }
}
