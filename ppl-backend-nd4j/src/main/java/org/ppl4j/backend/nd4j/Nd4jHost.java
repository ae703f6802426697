package org.ppl4j.backend.nd4j;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loops run on the host over ND4J's host-resident buffers, for the work that libnd4j does slowly or
 * not as ppl4j defines it: its {@code select} touches one element at a time through virtual calls
 * (about 100 ns each), its {@code sqrt} takes 4 ns an element and its NaN test is a slow reduction.
 * Buffers are read and written in chunks of Java arrays, where the JIT compiler can unroll and
 * vectorise; indexing a direct buffer element by element is several times slower.
 *
 * <p>Every array passed in is one this backend made (fresh, c-order, offset 0), or a reshaped view
 * of one, so its buffer holds exactly its elements in row-major order.
 */
final class Nd4jHost {
    private static final int CHUNK = 2048;
    private static final int ABS32 = 0x7fffffff;
    private static final long ABS64 = 0x7fffffffffffffffL;

    private Nd4jHost() {}

    /** A computation over chunks of equal-length arrays, all read as doubles. */
    @FunctionalInterface
    interface Kernel {
        /** Writes {@code out[i]} for {@code i < n} from {@code in[k][i]}; out may be an input. */
        void apply(double[][] in, double[] out, int n);
    }

    static FloatBuffer floats(INDArray a) {
        return bytes(a).asFloatBuffer();
    }

    static DoubleBuffer doubles(INDArray a) {
        return bytes(a).asDoubleBuffer();
    }

    private static ByteBuffer bytes(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }

    /**
     * Runs {@code k} over the inputs (float, double or bool as 1 and 0; each of z's length, or one
     * element that is repeated) and stores its results into {@code z}, rounded to z's type. In
     * float, a sum, difference, product or quotient computed in double and rounded is exactly the
     * float operation's result (53 >= 2 * 24 + 2 bits), so kernels may work in double throughout.
     */
    static void map(INDArray z, Kernel k, INDArray... in) {
        int n = (int) z.length();
        if (n == 0) {
            return;
        }
        int c = Math.min(CHUNK, n);
        Buffer[] src = new Buffer[in.length];
        double[][] chunks = new double[in.length][c];
        for (int j = 0; j < in.length; j++) {
            if (in[j].length() == n) {
                src[j] = view(in[j]);
            } else {
                Arrays.fill(chunks[j], in[j].getDouble(0)); // a scalar, read once
            }
        }
        Buffer dst = view(z);
        double[] out = new double[c];
        float[] f = new float[c];
        byte[] b = new byte[c];
        for (int s = 0; s < n; s += c) {
            int len = Math.min(c, n - s);
            for (int j = 0; j < in.length; j++) {
                if (src[j] != null) {
                    read(src[j], s, len, chunks[j], f, b);
                }
            }
            k.apply(chunks, out, len);
            if (dst instanceof DoubleBuffer d) {
                d.put(s, out, 0, len);
            } else {
                for (int i = 0; i < len; i++) {
                    f[i] = (float) out[i];
                }
                ((FloatBuffer) dst).put(s, f, 0, len);
            }
        }
    }

    /** The array's elements as a float, double or (for bool) byte buffer. */
    private static Buffer view(INDArray a) {
        return switch (a.dataType()) {
            case DOUBLE -> doubles(a);
            case FLOAT -> floats(a);
            case BOOL -> bytes(a);
            default -> throw new IllegalArgumentException("no host loop over " + a.dataType());
        };
    }

    private static void read(Buffer src, int s, int len, double[] to, float[] f, byte[] b) {
        if (src instanceof DoubleBuffer d) {
            d.get(s, to, 0, len);
        } else if (src instanceof FloatBuffer fb) {
            fb.get(s, f, 0, len);
            for (int i = 0; i < len; i++) {
                to[i] = f[i];
            }
        } else {
            ((ByteBuffer) src).get(s, b, 0, len);
            for (int i = 0; i < len; i++) {
                to[i] = b[i];
            }
        }
    }

    /** Writes the square root of {@code x} into {@code z} (correctly rounded) and returns z. */
    static INDArray sqrt(INDArray x, INDArray z) {
        int n = (int) z.length();
        if (z.dataType() == DataType.FLOAT && n > 0) {
            // The JIT turns (float) Math.sqrt(float) into a vectorised float root; rounding the
            // double root to float is exact rounding too (53 >= 2 * 24 + 2 bits).
            FloatBuffer a = floats(x);
            FloatBuffer r = floats(z);
            float[] c = new float[Math.min(CHUNK, n)];
            for (int s = 0; s < n; s += c.length) {
                int len = Math.min(c.length, n - s);
                a.get(s, c, 0, len);
                for (int i = 0; i < len; i++) {
                    c[i] = (float) Math.sqrt(c[i]);
                }
                r.put(s, c, 0, len);
            }
            return z;
        }
        map(
                z,
                (in, out, len) -> {
                    double[] a = in[0];
                    for (int i = 0; i < len; i++) {
                        out[i] = Math.sqrt(a[i]);
                    }
                },
                x);
        return z;
    }

    /** Sets every element to {@code value} (rounded to the array's type). */
    static void fill(INDArray a, double value) {
        int n = (int) a.length();
        if (n <= 1) {
            if (n == 1) {
                a.data().put(0, value);
            }
            return;
        }
        if (!a.dataType().isFPType()) {
            a.assign(value); // integer (index) arrays
            return;
        }
        int c = Math.min(CHUNK, n);
        if (a.dataType() == DataType.DOUBLE) {
            double[] v = new double[c];
            Arrays.fill(v, value);
            DoubleBuffer r = doubles(a);
            for (int s = 0; s < n; s += c) {
                r.put(s, v, 0, Math.min(c, n - s));
            }
        } else {
            float[] v = new float[c];
            Arrays.fill(v, (float) value);
            FloatBuffer r = floats(a);
            for (int s = 0; s < n; s += c) {
                r.put(s, v, 0, Math.min(c, n - s));
            }
        }
    }

    /** Whether any element is NaN. */
    static boolean hasNaN(INDArray x) {
        int n = (int) x.length();
        if (x.dataType() == DataType.DOUBLE) {
            LongBuffer b = longs(x);
            long[] c = new long[Math.min(CHUNK, n)];
            long any = 0;
            for (int s = 0; s < n && any >= 0; s += CHUNK) {
                int len = Math.min(CHUNK, n - s);
                b.get(s, c, 0, len);
                for (int i = 0; i < len; i++) {
                    any |= 0x7ff0000000000000L - (c[i] & ABS64); // negative iff NaN
                }
            }
            return any < 0;
        }
        IntBuffer b = ints(x);
        int[] c = new int[Math.min(CHUNK, n)];
        int any = 0;
        for (int s = 0; s < n && any >= 0; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            b.get(s, c, 0, len);
            for (int i = 0; i < len; i++) {
                any |= 0x7f800000 - (c[i] & ABS32);
            }
        }
        return any < 0;
    }

    /**
     * Writes {@code a} where {@code cond != 0} (NaN counts as nonzero), else {@code b}, into {@code
     * z}; all four have one length. The choice is made on the bits, without a branch, so values
     * (NaN payloads, signed zeros) pass unchanged.
     */
    static void select(INDArray cond, INDArray a, INDArray b, INDArray z) {
        int n = (int) z.length();
        if (z.dataType() == DataType.DOUBLE) {
            LongBuffer[] v = {longs(cond), longs(a), longs(b), longs(z)};
            long[] c = new long[Math.min(CHUNK, n)];
            long[] x = new long[c.length];
            long[] y = new long[c.length];
            for (int s = 0; s < n; s += CHUNK) {
                int len = Math.min(CHUNK, n - s);
                v[0].get(s, c, 0, len);
                v[1].get(s, x, 0, len);
                v[2].get(s, y, 0, len);
                for (int i = 0; i < len; i++) {
                    long m = ((c[i] & ABS64) + ABS64) >> 63; // all ones iff cond != ±0
                    x[i] = (x[i] & m) | (y[i] & ~m);
                }
                v[3].put(s, x, 0, len);
            }
        } else {
            IntBuffer[] v = {ints(cond), ints(a), ints(b), ints(z)};
            int[] c = new int[Math.min(CHUNK, n)];
            int[] x = new int[c.length];
            int[] y = new int[c.length];
            for (int s = 0; s < n; s += CHUNK) {
                int len = Math.min(CHUNK, n - s);
                v[0].get(s, c, 0, len);
                v[1].get(s, x, 0, len);
                v[2].get(s, y, 0, len);
                for (int i = 0; i < len; i++) {
                    int m = ((c[i] & ABS32) + ABS32) >> 31;
                    x[i] = (x[i] & m) | (y[i] & ~m);
                }
                v[3].put(s, x, 0, len);
            }
        }
    }

    private static LongBuffer longs(INDArray a) {
        return bytes(a).asLongBuffer();
    }

    private static IntBuffer ints(INDArray a) {
        return bytes(a).asIntBuffer();
    }

    /** Copies the NaNs of {@code x} (of z's length, or one element) into {@code z}. */
    static void copyNaNs(INDArray x, INDArray z) {
        int n = (int) z.length();
        int s = x.length() == 1 ? 0 : 1;
        if (z.dataType() == DataType.DOUBLE) {
            DoubleBuffer a = doubles(x);
            DoubleBuffer r = doubles(z);
            for (int i = 0; i < n; i++) {
                double v = a.get(i * s);
                if (v != v) {
                    r.put(i, v);
                }
            }
        } else {
            FloatBuffer a = floats(x);
            FloatBuffer r = floats(z);
            for (int i = 0; i < n; i++) {
                float v = a.get(i * s);
                if (v != v) {
                    r.put(i, v);
                }
            }
        }
    }
}
