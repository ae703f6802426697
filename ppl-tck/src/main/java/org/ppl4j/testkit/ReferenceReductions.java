package org.ppl4j.testkit;

import java.util.Arrays;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.TensorType;

/** The reference's kernels that combine many elements into one: reductions and matmul. */
final class ReferenceReductions {
    private ReferenceReductions() {}

    /**
     * Reduces {@code axes} of {@code x}; the result is laid out like the keep-dims shape, which has
     * the same row-major order as the dropped-dims one. MAX and MIN propagate NaN like PyTorch.
     */
    static double[] reduce(ReduceOp op, double[] x, Shape s, int[] axes) {
        Shape kept = ReduceOp.reducedShape(s, axes, true);
        int[] keptStrides = kept.strides();
        boolean[] reduced = new boolean[s.rank()];
        for (int a : axes) {
            reduced[a] = true;
        }
        double[] r = new double[kept.size()];
        Arrays.fill(
                r,
                switch (op) {
                    case SUM -> 0.0;
                    case MAX -> Double.NEGATIVE_INFINITY;
                    case MIN -> Double.POSITIVE_INFINITY;
                });
        int[] dims = s.toArray();
        int[] c = new int[dims.length];
        for (int flat = 0; flat < x.length; flat++) {
            ReferenceElementwise.unravel(flat, dims, c);
            int at = 0;
            for (int i = 0; i < dims.length; i++) {
                if (!reduced[i]) {
                    at += c[i] * keptStrides[i];
                }
            }
            r[at] =
                    switch (op) {
                        case SUM -> r[at] + x[flat];
                        case MAX -> Math.max(r[at], x[flat]);
                        case MIN -> Math.min(r[at], x[flat]);
                    };
        }
        return r;
    }

    /**
     * {@code op(a) @ op(b)} over equal leading (batch) axes, where {@code op} transposes the last
     * two axes when flagged; each output is a plain left-to-right sum of products.
     */
    static double[] matmul(double[] a, TensorType ta, double[] b, TensorType tb, Attr.Transpose t) {
        Shape sa = ta.shape();
        Shape sb = tb.shape();
        int ar = sa.dim(-2);
        int ac = sa.dim(-1);
        int br = sb.dim(-2);
        int bc = sb.dim(-1);
        int m = t.a() ? ac : ar;
        int k = t.a() ? ar : ac;
        int n = t.b() ? br : bc;
        int batch = sa.sub(0, sa.rank() - 2).size();
        double[] r = new double[batch * m * n];
        for (int q = 0; q < batch; q++) {
            int oa = q * ar * ac;
            int ob = q * br * bc;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int l = 0; l < k; l++) {
                        double x = t.a() ? a[oa + l * ac + i] : a[oa + i * ac + l];
                        double y = t.b() ? b[ob + j * bc + l] : b[ob + l * bc + j];
                        s += x * y;
                    }
                    r[q * m * n + i * n + j] = s;
                }
            }
        }
        return r;
    }
}
