package org.ppl4j.backend.nd4j;

import static org.ppl4j.backend.nd4j.Nd4jArrays.dims;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ppl4j.tensor.FusedOp;
import org.ppl4j.tensor.TensorType;

/**
 * Adam's fused kernels ({@link FusedOp#ADAM_MOMENT}, {@link FusedOp#ADAM_SECOND_MOMENT}, {@link
 * FusedOp#ADAM_STEP}) as one host loop each over the param's elements, instead of the four to six
 * libnd4j calls (and as many full-size temporaries) of their compositions: measured 23-33 ms per
 * update of the VAE's 0.69 M params composed, about 1.5-4.5 ms fused (BENCHMARKS.md).
 *
 * <p>Every operation is rounded to the output dtype as it is made, so the result equals the
 * composition's exactly: a sum, product, quotient or square root computed in double and rounded to
 * float is the correctly rounded float operation (53 >= 2 * 24 + 2 bits).
 */
final class Nd4jAdamKernels {
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

    INDArray apply(FusedOp op, INDArray[] in, TensorType out) {
        long[] dims = dims(out.shape());
        long n = out.shape().size();
        INDArray[] full = new INDArray[in.length];
        for (int i = 0; i < in.length; i++) {
            // map reads an input of the output's length or a single repeated element
            full[i] =
                    in[i].length() == n || in[i].length() == 1
                            ? in[i]
                            : arrays.broadcast(in[i], dims);
        }
        try {
            INDArray z = arrays.alloc(out);
            boolean f32 = z.dataType() == DataType.FLOAT;
            Nd4jHost.map(z, kernel(op, f32), full);
            return z;
        } finally {
            arrays.free(in, full);
        }
    }

    private static Nd4jHost.Kernel kernel(FusedOp op, boolean f32) {
        return switch (op) {
            case ADAM_MOMENT ->
                    (in, out, len) -> {
                        double[] s = in[0];
                        double[] x = in[1];
                        double[] b = in[2];
                        double[] c = in[3];
                        for (int i = 0; i < len; i++) {
                            out[i] = round(f32, round(f32, s[i] * b[i]) + round(f32, x[i] * c[i]));
                        }
                    };
            case ADAM_SECOND_MOMENT ->
                    (in, out, len) -> {
                        double[] s = in[0];
                        double[] x = in[1];
                        double[] b = in[2];
                        double[] c = in[3];
                        for (int i = 0; i < len; i++) {
                            double xc = round(f32, x[i] * c[i]);
                            out[i] = round(f32, round(f32, s[i] * b[i]) + round(f32, xc * x[i]));
                        }
                    };
            case ADAM_STEP ->
                    (in, out, len) -> {
                        double[] w = in[0];
                        double[] m = in[1];
                        double[] v = in[2];
                        double[] a = in[3];
                        double[] q = in[4];
                        double[] e = in[5];
                        for (int i = 0; i < len; i++) {
                            double root = round(f32, Math.sqrt(v[i]));
                            double denom = round(f32, round(f32, root / q[i]) + e[i]);
                            double num = round(f32, m[i] * a[i]);
                            out[i] = round(f32, w[i] - round(f32, num / denom));
                        }
                    };
            default -> throw new IllegalArgumentException("no Adam kernel for " + op);
        };
    }

    /** {@code x} rounded to float when the kernel works in float. */
    private static double round(boolean f32, double x) {
        return f32 ? (float) x : x;
    }
}
