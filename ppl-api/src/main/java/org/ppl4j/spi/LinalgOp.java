package org.ppl4j.spi;

import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;

/**
 * Matrix factorizations and solves on the last two axes, batched over the leading ones: what
 * multivariate normal densities and samplers are built from.
 *
 * <p>Both read only one triangle of their matrix input, as LAPACK and PyTorch do, and their VJPs
 * are the derivatives of exactly that: the cotangent of an ignored entry is 0. For {@link
 * #CHOLESKY} of a symmetric input {@code A} with cotangent {@code G} (lower triangular), PyTorch's
 * symmetric cotangent is {@code (G + G^T) / 2}; both give the same gradient to anything upstream
 * that builds {@code A} symmetric.
 */
public enum LinalgOp implements Primitive {
    /**
     * The lower Cholesky factor {@code L} of a symmetric positive-definite matrix ({@code A = L
     * L^T}), read from the lower triangle of {@code A}; the upper triangle of the output is 0. A
     * matrix that is not positive definite is an error of the backend that names this primitive.
     *
     * <p>VJP (Murray 2016, "Differentiation of the Cholesky decomposition"): with {@code Phi(X)}
     * the lower triangle of {@code X} with its diagonal halved and {@code S = L^-T Phi(L^T Lbar)
     * L^-1}, the cotangent of {@code A} is {@code Phi(S + S^T)}, computed with two triangular
     * solves.
     */
    CHOLESKY {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            TensorType.requireFloating(this, in[0]);
            Shape a = in[0].shape();
            if (a.rank() < 2 || a.dim(-1) != a.dim(-2)) {
                throw new ShapeException(
                        "cholesky: input of shape "
                                + a
                                + " must be a (batch of) square matrices [..., n, n]");
            }
            return in[0];
        }
    },
    /**
     * {@code X} with {@code op(A) X = B} for a triangular {@code A} (inputs {@code A [..., n, n]}
     * and {@code B [..., n, k]}; batch dims broadcast, NumPy rule); {@link Attr.Triangular} says
     * which triangle of {@code A} is read and whether {@code op} transposes. A zero on the diagonal
     * is not checked: like BLAS {@code trsm}, the result then holds infinities or NaN.
     *
     * <p>VJP: {@code Bbar = op(A)^-T Xbar}, one more solve, and {@code Abar = -Bbar X^T} ({@code -X
     * Bbar^T} when transposed) restricted to the triangle read, each summed back over broadcast
     * batch dims.
     */
    TRIANGULAR_SOLVE {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            TensorType.requireFloating(this, in[0], in[1]);
            Shape a = in[0].shape();
            Shape b = in[1].shape();
            if (in[0].dtype() != in[1].dtype()) {
                throw new ShapeException(
                        "triangularSolve: dtype mismatch "
                                + in[0]
                                + " vs "
                                + in[1]
                                + "; cast one operand with .cast(DType."
                                + in[0].dtype().name()
                                + ")");
            }
            if (a.rank() < 2 || a.dim(-1) != a.dim(-2) || b.rank() < 2 || b.dim(-2) != a.dim(-1)) {
                throw new ShapeException(
                        "triangularSolve: A of shape "
                                + a
                                + " must be square matrices [..., n, n] and B of shape "
                                + b
                                + " matrices [..., n, k] with the same n; make a vector b a"
                                + " column with b.unsqueeze(-1)");
            }
            Shape batch =
                    Shape.broadcast(
                            "triangularSolve", a.sub(0, a.rank() - 2), b.sub(0, b.rank() - 2));
            return new TensorType(batch.concat(b.sub(b.rank() - 2, b.rank())), in[0].dtype());
        }
    };

    /**
     * The error every backend raises when {@link #CHOLESKY} meets a matrix that is not positive
     * definite, so that the message is the same on each.
     *
     * @param matrix the row-major position of the first such matrix in the batch, or -1 where the
     *     backend does not say which
     * @param detail what the backend saw, e.g. the failing pivot
     */
    public static BackendException notPositiveDefinite(
            String backend, TensorType input, long matrix, String detail) {
        String which =
                matrix < 0
                        ? "a matrix of " + input
                        : input.shape().rank() == 2
                                ? "the matrix " + input
                                : "matrix " + matrix + " (row-major over the batch) of " + input;
        return new BackendException(
                "backend '"
                        + backend
                        + "' failed in CHOLESKY: "
                        + which
                        + " is not positive definite ("
                        + detail
                        + "); only the lower triangle is read. Make it positive definite, e.g."
                        + " add a small multiple of the identity, or parameterize the factor"
                        + " itself (MultivariateNormal.ofScaleTril with a lowerCholesky param)");
    }
}
