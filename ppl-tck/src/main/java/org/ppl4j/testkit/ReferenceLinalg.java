package org.ppl4j.testkit;

import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.TensorType;

/**
 * The reference's Cholesky factorization and triangular solve: the textbook loops, one matrix at a
 * time, each sum taken left to right.
 */
final class ReferenceLinalg {
    private ReferenceLinalg() {}

    static double[] run(LinalgOp op, Attr attr, double[][] x, TensorType[] in, TensorType out) {
        return switch (op) {
            case CHOLESKY -> cholesky(x[0], in[0]);
            case TRIANGULAR_SOLVE -> solve((Attr.Triangular) attr, x[0], in[0], x[1], in[1], out);
        };
    }

    /**
     * Cholesky-Banachiewicz, row by row, from the lower triangle: {@code L_ij = (A_ij - sum_{k<j}
     * L_ik L_jk) / L_jj} and {@code L_jj = sqrt(A_jj - sum_{k<j} L_jk^2)}, failing on a pivot that
     * is not positive (NaN included).
     */
    private static double[] cholesky(double[] a, TensorType type) {
        int n = type.shape().dim(-1);
        int count = n == 0 ? 0 : a.length / (n * n);
        double[] l = new double[a.length];
        for (int q = 0; q < count; q++) {
            int o = q * n * n;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[o + i * n + j];
                    for (int k = 0; k < j; k++) {
                        s -= l[o + i * n + k] * l[o + j * n + k];
                    }
                    if (i == j) {
                        if (!(s > 0)) {
                            throw LinalgOp.notPositiveDefinite(
                                    "reference", type, q, "pivot " + i + " is " + s);
                        }
                        l[o + i * n + i] = Math.sqrt(s);
                    } else {
                        l[o + i * n + j] = s / l[o + j * n + j];
                    }
                }
            }
        }
        return l;
    }

    /**
     * Forward substitution when {@code op(A)} is lower triangular (lower and not transposed, or
     * upper and transposed), back substitution otherwise, per column of B; batch dims broadcast.
     */
    private static double[] solve(
            Attr.Triangular t,
            double[] a,
            TensorType ta,
            double[] b,
            TensorType tb,
            TensorType out) {
        Shape so = out.shape();
        int n = so.dim(-2);
        int k = so.dim(-1);
        Shape batch = so.sub(0, so.rank() - 2);
        int[] ia = ReferenceElementwise.broadcastMap(batchOf(ta.shape()), batch);
        int[] ib = ReferenceElementwise.broadcastMap(batchOf(tb.shape()), batch);
        boolean forward = t.lower() != t.transpose();
        double[] x = new double[so.size()];
        for (int q = 0; q < batch.size(); q++) {
            int oa = ia[q] * n * n;
            int ob = ib[q] * n * k;
            int ox = q * n * k;
            for (int c = 0; c < k; c++) {
                for (int step = 0; step < n; step++) {
                    int i = forward ? step : n - 1 - step;
                    double s = b[ob + i * k + c];
                    for (int prev = 0; prev < step; prev++) {
                        int j = forward ? prev : n - 1 - prev;
                        double m = t.transpose() ? a[oa + j * n + i] : a[oa + i * n + j];
                        s -= m * x[ox + j * k + c];
                    }
                    x[ox + i * k + c] = s / a[oa + i * n + i];
                }
            }
        }
        return x;
    }

    private static Shape batchOf(Shape s) {
        return s.sub(0, s.rank() - 2);
    }
}
