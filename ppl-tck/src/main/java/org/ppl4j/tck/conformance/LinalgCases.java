package org.ppl4j.tck.conformance;

import java.util.ArrayList;
import java.util.List;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.LinalgOp;

/**
 * The value (layer 1) and gradient (layer 2) cases of the Cholesky factorization and the triangular
 * solve: random batches (broadcast ones for the solve), sizes 0 and 1, and entries in the triangle
 * the op does not read, which must not matter.
 *
 * <p>The matrices are well conditioned (condition numbers below about 20: {@code M M^T + n I} for
 * the factorization, a diagonal of magnitude 1 to 2 under off-diagonals below 0.5 for the solve),
 * so that the kit's elementwise tolerances measure the kernels and not the problem: errors are
 * measured against the largest entry of each result matrix (norm-wise, as backward-stable
 * algorithms are accurate). NaN and infinities are left out: BLAS kernels skip zero entries of the
 * right-hand side, so where a NaN spreads depends on the algorithm, and the ops define nothing
 * there. How ill-conditioned covariances fare is checked against PyTorch by the multivariate normal
 * fixture instead.
 */
final class LinalgCases {
    private static final Domain OFF_DIAGONAL = Domain.uniform(-0.5, 0.5);

    private LinalgCases() {}

    static List<OpCase> values(LinalgOp op, DType dt, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        switch (op) {
            case CHOLESKY -> {
                for (int[] shape : new int[][] {{0, 0}, {2, 0, 0}, {0, 3, 3}, {1, 1}}) {
                    cases.add(cholesky("fixed", Shape.of(shape), dt, s, false));
                }
                for (int i = 0; i < 6; i++) {
                    int n = s.between(2, 6);
                    Shape sh = s.shape(0, 2, 3, false).concat(Shape.of(n, n));
                    cases.add(cholesky("random", sh, dt, s, i % 2 == 1));
                }
            }
            case TRIANGULAR_SOLVE -> {
                for (Attr.Triangular t : flags()) {
                    cases.add(solve("n = 0", Shape.of(0, 0), Shape.of(0, 2), t, dt, s));
                    cases.add(solve("k = 0", Shape.of(3, 3), Shape.of(3, 0), t, dt, s));
                    cases.add(solve("1 x 1", Shape.of(1, 1), Shape.of(1, 1), t, dt, s));
                    for (int i = 0; i < 4; i++) {
                        cases.add(randomSolve(t, dt, s));
                    }
                }
            }
        }
        return cases;
    }

    /** Float64 cases for finite differences: small random batches, every flag combination. */
    static List<OpCase> grads(LinalgOp op, Samples s) {
        DType f64 = DType.F64;
        List<OpCase> cases = new ArrayList<>();
        switch (op) {
            case CHOLESKY -> {
                cases.add(cholesky("1 x 1", Shape.of(1, 1), f64, s, false));
                cases.add(cholesky("unbatched", Shape.of(4, 4), f64, s, false));
                cases.add(cholesky("batched, upper ignored", Shape.of(2, 3, 3), f64, s, true));
            }
            case TRIANGULAR_SOLVE -> {
                for (Attr.Triangular t : flags()) {
                    cases.add(solve("unbatched", Shape.of(3, 3), Shape.of(3, 2), t, f64, s));
                    cases.add(
                            solve("broadcast", Shape.of(2, 1, 3, 3), Shape.of(3, 3, 1), t, f64, s));
                }
            }
        }
        return cases;
    }

    /** The largest |entry| of each result matrix, for each of its entries. */
    static double[] errorScale(HostTensor ref) {
        Shape sh = ref.shape();
        int per = sh.dim(-1) * sh.dim(-2);
        double[] scale = new double[ref.data().length];
        for (int start = 0; start < scale.length; start += per) {
            double m = 0;
            for (int i = start; i < start + per; i++) {
                m = Math.max(m, Math.abs(ref.data()[i]));
            }
            for (int i = start; i < start + per; i++) {
                scale[i] = m;
            }
        }
        return scale;
    }

    private static List<Attr.Triangular> flags() {
        List<Attr.Triangular> r = new ArrayList<>();
        for (boolean lower : new boolean[] {true, false}) {
            for (boolean transpose : new boolean[] {false, true}) {
                r.add(new Attr.Triangular(lower, transpose));
            }
        }
        return r;
    }

    /**
     * {@code M M^T + n I} for each matrix of {@code shape}, {@code M} uniform in [-1, 1]; with
     * {@code junkAbove} the strict upper triangle is overwritten with values the op must ignore.
     */
    private static OpCase cholesky(String label, Shape shape, DType dt, Samples s, boolean junk) {
        int n = shape.dim(-1);
        HostTensor m = s.tensor(shape, Domain.uniform(-1, 1), DType.F64);
        double[] a = new double[shape.size()];
        for (int o = 0; o < a.length; o += n * n) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = i == j ? n : 0;
                    for (int k = 0; k < n; k++) {
                        v += m.data()[o + i * n + k] * m.data()[o + j * n + k];
                    }
                    a[o + i * n + j] = j > i && junk ? 5 * s.random().nextDouble() - 2.5 : v;
                }
            }
        }
        String what = label + (junk ? ", junk above the diagonal" : "");
        return OpCase.of(what, LinalgOp.CHOLESKY, Attr.NONE, dt, new HostTensor(shape, a));
    }

    private static OpCase randomSolve(Attr.Triangular t, DType dt, Samples s) {
        Shape[] batch = s.broadcastable(2, false);
        int n = s.between(1, 5);
        int k = s.between(1, 4);
        return solve(
                "random",
                batch[0].concat(Shape.of(n, n)),
                batch[1].concat(Shape.of(n, k)),
                t,
                dt,
                s);
    }

    /**
     * A triangular A (diagonal of magnitude 1 to 2, either sign; every other entry in [-0.5, 0.5],
     * in the unread triangle too) and a B uniform in [-2, 2].
     */
    private static OpCase solve(
            String label, Shape sa, Shape sb, Attr.Triangular t, DType dt, Samples s) {
        int n = sa.dim(-1);
        double[] a = s.tensor(sa, OFF_DIAGONAL, DType.F64).data();
        Domain diagonal = Domain.awayFromZero(1, 2);
        for (int o = 0; o < a.length; o += n * n) {
            for (int i = 0; i < n; i++) {
                a[o + i * n + i] = diagonal.draw(s.random());
            }
        }
        return OpCase.of(
                label + " (batches " + sa + " " + sb + ")",
                LinalgOp.TRIANGULAR_SOLVE,
                t,
                dt,
                new HostTensor(sa, a),
                s.tensor(sb, Domain.uniform(-2, 2), dt));
    }
}
