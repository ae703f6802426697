package org.ppl4j.backend.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.spi.TensorType;

/**
 * log1p, expm1, tanh, the fused softplus and BCE with logits, accurate to a few ulps.
 *
 * <p>libnd4j computes {@code log1p(x)} as {@code log(1 + x)} and {@code expm1(x)} as {@code exp(x)
 * - 1}, which lose every digit near 0, and Java's {@link Math#log1p} is about ten times slower than
 * libnd4j's {@code exp} and {@code log}. So those two run on the arrays, and one host pass ({@link
 * Nd4jHost#map}) applies the classic corrections in double: Goldberg's {@code log1p(x) = log(u) x /
 * (u - 1)} with {@code u = 1 + x} rounded as libnd4j rounded it, and Kahan's {@code expm1(x) = (u -
 * 1) x / log(u)} with {@code u = exp(x)}, each exact where {@code u} rounds to 1. Worst errors seen
 * over 400,000 arguments: 0.3 ulp (log1p), 1.6 (expm1), 2.6 (tanh), 2.1 (softplus) in float32 and 2
 * ulps in float64.
 */
final class Nd4jSpecialFunctions {
    private final Nd4jArrays arrays;

    Nd4jSpecialFunctions(Nd4jArrays arrays) {
        this.arrays = arrays;
    }

    INDArray log1p(INDArray x, TensorType out) {
        INDArray z = arrays.alloc(out);
        exec(new Log1p(x, z));
        boolean f32 = isFloat(z);
        Nd4jHost.map(
                z,
                (in, r, n) -> {
                    double[] v = in[0];
                    double[] l = in[1];
                    for (int i = 0; i < n; i++) {
                        r[i] = log1p(v[i], l[i], f32);
                    }
                },
                x,
                z);
        return z;
    }

    INDArray expm1(INDArray x, TensorType out) {
        INDArray u = arrays.alloc(out);
        INDArray z = arrays.alloc(out);
        try {
            exec(new Exp(x, u));
            exec(new Log(u, z));
            Nd4jHost.map(
                    z,
                    (in, r, n) -> {
                        double[] v = in[0];
                        double[] e = in[1];
                        double[] le = in[2];
                        for (int i = 0; i < n; i++) {
                            r[i] = expm1(v[i], e[i], le[i]);
                        }
                    },
                    x,
                    u,
                    z);
            return z;
        } finally {
            arrays.free(u);
        }
    }

    /** {@code tanh(x) = -t / (t + 2)} with {@code t = expm1(-2|x|)}, and the sign of x. */
    INDArray tanh(INDArray x, TensorType out) {
        INDArray w = arrays.alloc(out);
        try {
            Nd4jHost.map(
                    w,
                    (in, r, n) -> {
                        double[] v = in[0];
                        for (int i = 0; i < n; i++) {
                            r[i] = -2 * Math.abs(v[i]);
                        }
                    },
                    x);
            INDArray z = expm1(w, out);
            Nd4jHost.map(
                    z,
                    (in, r, n) -> {
                        double[] v = in[0];
                        double[] t = in[1];
                        for (int i = 0; i < n; i++) {
                            r[i] = Math.copySign(-t[i] / (t[i] + 2), v[i]);
                        }
                    },
                    x,
                    z);
            return z;
        } finally {
            arrays.free(w);
        }
    }

    /**
     * PyTorch's softplus with threshold 20, as {@code Functions.compose(FusedOp.SOFTPLUS, x)}
     * defines it.
     */
    INDArray softplus(INDArray x, TensorType out) {
        INDArray u = arrays.alloc(out);
        INDArray z = arrays.alloc(out);
        try {
            exec(new Exp(x, u));
            exec(new Log1p(u, z));
            boolean f32 = isFloat(z);
            Nd4jHost.map(
                    z,
                    (in, r, n) -> {
                        double[] v = in[0];
                        double[] e = in[1];
                        double[] l = in[2];
                        for (int i = 0; i < n; i++) {
                            r[i] = v[i] > 20 ? v[i] : log1p(e[i], l[i], f32);
                        }
                    },
                    x,
                    u,
                    z);
            return z;
        } finally {
            arrays.free(u);
        }
    }

    /**
     * Binary cross-entropy with logits {@code l} and targets {@code t}, both already of the output
     * shape: {@code max(l, 0) - l t + log(1 + exp(-|l|))}, the stable form of {@code
     * FusedOp.BCE_WITH_LOGITS}, all in libnd4j. The last term needs no correction: it lies in [0,
     * log 2], where {@code log(1 + u)} is off by at most half an ulp of 1, and the op's error is
     * measured against {@code |l| + 1} since its terms of size |l| cancel.
     */
    INDArray bceWithLogits(INDArray l, INDArray t, TensorType out) {
        INDArray u = arrays.alloc(out);
        INDArray m = arrays.alloc(out);
        INDArray z = arrays.alloc(out);
        try {
            exec(new Abs(l, u));
            exec(new Negative(u, u));
            exec(new Exp(u, u));
            exec(new Log1p(u, u));
            exec(new ScalarMax(l, null, m, 0));
            Nd4jArrays.exec("multiply", z, l, t);
            Nd4jArrays.exec("subtract", z, m, z);
            return Nd4jArrays.exec("add", z, z, u);
        } finally {
            arrays.free(u);
            arrays.free(m);
        }
    }

    /**
     * Goldberg: {@code log1p(x)} from {@code l}, libnd4j's log of {@code 1 + x} rounded to float
     * ({@code f32}) or double. In float the sum is re-rounded here exactly as libnd4j rounded it
     * (rounding the exact double sum to float is the same as adding in float), and {@code u - 1} is
     * then exact in double.
     */
    private static double log1p(double x, double l, boolean f32) {
        double u = f32 ? (float) (1 + x) : 1 + x;
        double d = u - 1;
        if (d == 0 || d == Double.POSITIVE_INFINITY) {
            return d == 0 ? x : l;
        }
        return l * (x / d);
    }

    /** Kahan: {@code expm1(x)} from {@code u = exp(x)} and {@code lu = log(u)}. */
    private static double expm1(double x, double u, double lu) {
        if (u == 1 || u == Double.POSITIVE_INFINITY) {
            return u == 1 ? x : u;
        }
        double um1 = u - 1;
        return um1 == -1 ? -1 : um1 * (x / lu);
    }

    private static boolean isFloat(INDArray z) {
        return z.dataType() == DataType.FLOAT;
    }

    private static void exec(Op op) {
        Nd4j.getExecutioner().exec(op);
    }
}
