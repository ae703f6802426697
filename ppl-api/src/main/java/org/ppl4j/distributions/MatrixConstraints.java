package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.ShapeException;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The constraints whose points are square matrices (event dim 2): {@link
 * Constraints#lowerCholesky()} and {@link Constraints#positiveDefinite()}. {@code check} gives one
 * 0/1 per matrix, so a validation message counts matrices.
 */
final class MatrixConstraints {
    static final Constraint LOWER_CHOLESKY = new LowerCholesky();
    static final Constraint POSITIVE_DEFINITE = new PositiveDefinite();

    /** PyTorch's {@code isclose} tolerances of its symmetry check. */
    private static final double SYMMETRY_RTOL = 1e-5;

    private static final double SYMMETRY_ATOL = 1e-6;

    private MatrixConstraints() {}

    private static void requireSquare(String name, Tensor m) {
        if (m.rank() < 2 || m.dim(-1) != m.dim(-2)) {
            throw new ShapeException(
                    name + ": a point is a square matrix [..., n, n], got shape " + m.shape());
        }
    }

    /** Lower triangular with a positive diagonal; the bijection exponentiates the diagonal. */
    private static final class LowerCholesky extends Constraints.Base {
        LowerCholesky() {
            super("lowerCholesky", "not lower triangular with a positive diagonal, or NaN");
        }

        @Override
        public Tensor check(Tensor value) {
            requireSquare(name(), value);
            Tensor lower = Constraints.allRightmost(Functions.tril(value, 0).eq(value), 2);
            Tensor positive = Constraints.allRightmost(Functions.diagonal(value).gt(0.0), 1);
            return lower.mul(positive);
        }

        @Override
        public Tensor toConstrained(Tensor u) {
            requireSquare(name(), u);
            return Functions.tril(u, -1).add(Functions.diagEmbed(Functions.diagonal(u).exp()));
        }

        @Override
        public Tensor toUnconstrained(Tensor c) {
            requireSquare(name(), c);
            return Functions.tril(c, -1).add(Functions.diagEmbed(Functions.diagonal(c).log()));
        }

        /** The diagonal of {@code u} summed: only it is transformed (the upper triangle is not). */
        @Override
        public Tensor logAbsDetJacobian(Tensor u, Tensor c) {
            return Functions.sumRightmost(Functions.diagonal(u), 1);
        }

        @Override
        public int eventDim() {
            return 2;
        }
    }

    /**
     * Symmetric (PyTorch's {@code isclose} test) with every pivot of Gaussian elimination positive,
     * which is positive definiteness; the pivots are computed from primitives, so the check also
     * runs inside a compiled step, where a failing Cholesky could not be caught.
     */
    private static final class PositiveDefinite extends Constraints.Base {
        PositiveDefinite() {
            super("positiveDefinite", "not symmetric positive definite, or NaN");
        }

        @Override
        public Tensor check(Tensor value) {
            requireSquare(name(), value);
            Tensor t = value.transpose();
            Tensor close = value.sub(t).abs().le(t.abs().mul(SYMMETRY_RTOL).add(SYMMETRY_ATOL));
            Tensor ok = Constraints.allRightmost(close, 2);
            Tensor s = value;
            for (int m = value.dim(-1); m > 0; m--) {
                Tensor pivot = s.narrow(-2, 0, 1).narrow(-1, 0, 1);
                ok = ok.mul(Constraints.allRightmost(pivot.gt(0.0), 2));
                if (m > 1) {
                    // The Schur complement of the pivot: the next step's matrix.
                    Tensor col = s.narrow(-2, 1, m - 1).narrow(-1, 0, 1);
                    Tensor row = s.narrow(-2, 0, 1).narrow(-1, 1, m - 1);
                    Tensor rest = s.narrow(-2, 1, m - 1).narrow(-1, 1, m - 1);
                    s = rest.sub(col.mul(row).div(pivot));
                }
            }
            return ok;
        }

        @Override
        public Tensor toConstrained(Tensor u) {
            Tensor l = LOWER_CHOLESKY.toConstrained(u);
            return l.matmul(l, false, true);
        }

        @Override
        public Tensor toUnconstrained(Tensor c) {
            requireSquare(name(), c);
            return LOWER_CHOLESKY.toUnconstrained(c.cholesky());
        }

        @Override
        public Tensor logAbsDetJacobian(Tensor u, Tensor c) {
            throw new PplException(
                    "positiveDefinite: the log-Jacobian of its bijection is not implemented, so"
                            + " it cannot be the support of a latent site under an autoguide;"
                            + " sample a lowerCholesky factor instead");
        }

        @Override
        public int eventDim() {
            return 2;
        }
    }
}
