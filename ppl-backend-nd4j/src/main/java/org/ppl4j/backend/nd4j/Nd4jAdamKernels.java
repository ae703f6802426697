package org.ppl4j.backend.nd4j;

import static org.ppl4j.backend.nd4j.Nd4jArrays.dims;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.TensorType;

/**
 * Adam's fused kernels ({@link FusedOp#ADAM_MOMENT}, {@link FusedOp#ADAM_SECOND_MOMENT}, {@link
 * FusedOp#ADAM_STEP}) as one host loop each over the param's elements, instead of the four to six
 * libnd4j calls (and as many full-size temporaries) of their compositions (BENCHMARKS.md has the
 * measured cost of both).
 *
 * <p>The loops run in the dtype itself, float arithmetic for float32 and double for float64, one
 * rounding per operation exactly as the composition's kernels round (Java's float operations are
 * IEEE single precision, and the double square root rounded to float is the correctly rounded float
 * root), so the fused result equals the composition's bit for bit. The hyperparameter inputs are
 * scalars, read once per call.
 */
final class Nd4jAdamKernels {
    private static final int CHUNK = 4096;

    private final Nd4jArrays arrays;

    Nd4jAdamKernels(Nd4jArrays arrays) {
        this.arrays = arrays;
    }

    /** Whether this class has a kernel for {@code op}. */
    static boolean handles(FusedOp op) {
        return op == FusedOp.ADAM_MOMENT
                || op == FusedOp.ADAM_SECOND_MOMENT
                || op == FusedOp.ADAM_STEP;
    }

    /**
     * Runs {@code op}: the tensor inputs (the first two, or three for the step) broadcast to the
     * output's shape where they are not already, the rest read as scalars.
     */
    INDArray apply(FusedOp op, INDArray[] in, TensorType out) {
        int tensors = op == FusedOp.ADAM_STEP ? 3 : 2;
        long[] dims = dims(out.shape());
        long n = out.shape().size();
        INDArray[] full = in.clone();
        for (int i = 0; i < in.length; i++) {
            boolean fits = i < tensors ? in[i].length() == n : in[i].length() == 1;
            if (!fits) {
                full[i] = arrays.broadcast(in[i], dims);
            }
        }
        try {
            INDArray z = arrays.alloc(out);
            if (z.dataType() == DataType.FLOAT) {
                run32(op, full, tensors, z);
            } else {
                run64(op, full, tensors, z);
            }
            return z;
        } finally {
            arrays.free(in, full);
        }
    }

    /** The scalar at {@code in[i]}, or the first element of its broadcast. */
    private static double scalar(INDArray[] in, int i) {
        return in[i].getDouble(0);
    }

    private static void run32(FusedOp op, INDArray[] in, int tensors, INDArray z) {
        int n = (int) z.length();
        FloatBuffer[] src = new FloatBuffer[tensors];
        float[][] c = new float[tensors][Math.min(CHUNK, Math.max(n, 1))];
        for (int i = 0; i < tensors; i++) {
            src[i] = Nd4jHost.floats(in[i]);
        }
        FloatBuffer dst = Nd4jHost.floats(z);
        float[] o = new float[c[0].length];
        float p = (float) scalar(in, tensors);
        float q = (float) scalar(in, tensors + 1);
        float e = op == FusedOp.ADAM_STEP ? (float) scalar(in, tensors + 2) : 0f;
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            for (int i = 0; i < tensors; i++) {
                src[i].get(s, c[i], 0, len);
            }
            float[] a = c[0];
            float[] x = c[1];
            switch (op) {
                case ADAM_MOMENT -> {
                    for (int i = 0; i < len; i++) {
                        o[i] = a[i] * p + x[i] * q;
                    }
                }
                case ADAM_SECOND_MOMENT -> {
                    for (int i = 0; i < len; i++) {
                        o[i] = a[i] * p + x[i] * q * x[i];
                    }
                }
                default -> {
                    float[] v = c[2];
                    for (int i = 0; i < len; i++) {
                        float denom = (float) Math.sqrt(v[i]) / q + e;
                        o[i] = a[i] - x[i] * p / denom;
                    }
                }
            }
            dst.put(s, o, 0, len);
        }
    }

    private static void run64(FusedOp op, INDArray[] in, int tensors, INDArray z) {
        int n = (int) z.length();
        DoubleBuffer[] src = new DoubleBuffer[tensors];
        double[][] c = new double[tensors][Math.min(CHUNK, Math.max(n, 1))];
        for (int i = 0; i < tensors; i++) {
            src[i] = Nd4jHost.doubles(in[i]);
        }
        DoubleBuffer dst = Nd4jHost.doubles(z);
        double[] o = new double[c[0].length];
        double p = scalar(in, tensors);
        double q = scalar(in, tensors + 1);
        double e = op == FusedOp.ADAM_STEP ? scalar(in, tensors + 2) : 0;
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            for (int i = 0; i < tensors; i++) {
                src[i].get(s, c[i], 0, len);
            }
            double[] a = c[0];
            double[] x = c[1];
            switch (op) {
                case ADAM_MOMENT -> {
                    for (int i = 0; i < len; i++) {
                        o[i] = a[i] * p + x[i] * q;
                    }
                }
                case ADAM_SECOND_MOMENT -> {
                    for (int i = 0; i < len; i++) {
                        o[i] = a[i] * p + x[i] * q * x[i];
                    }
                }
                default -> {
                    double[] v = c[2];
                    for (int i = 0; i < len; i++) {
                        double denom = Math.sqrt(v[i]) / q + e;
                        o[i] = a[i] - x[i] * p / denom;
                    }
                }
            }
            dst.put(s, o, 0, len);
        }
    }
}
