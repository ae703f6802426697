package org.ppl4j.distributions;

import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * Batched matrix-vector arithmetic of the multivariate normals, with batch dims broadcast (NumPy
 * rule) as PyTorch's {@code _batch_mv} and {@code _batch_mahalanobis} do. An unbatched matrix, the
 * common case (one covariance for many draws), takes one matrix product or one solve over all
 * vectors at once instead of one per vector.
 */
final class Matrices {
    private Matrices() {}

    /**
     * {@code m v} for matrices {@code [..., n, k]} and vectors {@code [..., k]}: {@code [..., n]}.
     */
    static Tensor mv(Tensor m, Tensor v) {
        int n = m.dim(-2);
        int k = m.dim(-1);
        if (m.rank() == 2) {
            Shape lead = v.shape().sub(0, v.rank() - 1);
            Tensor rows = v.reshape(-1, k).matmul(m, false, true);
            return rows.reshape(lead.concat(Shape.of(n)).toArray());
        }
        return m.mul(v.unsqueeze(-2)).sum(-1);
    }

    /**
     * {@code x^T (L L^T)^-1 x = |L^-1 x|^2} for lower-triangular {@code L [..., n, n]} and {@code x
     * [..., n]}: {@code [...]}.
     */
    static Tensor mahalanobis(Tensor l, Tensor x) {
        int n = l.dim(-1);
        if (l.rank() == 2) {
            Shape lead = x.shape().sub(0, x.rank() - 1);
            Tensor columns = x.reshape(-1, n).transpose();
            Tensor y = l.triangularSolve(columns, true, false);
            return y.square().sum(0).reshape(lead.toArray());
        }
        Tensor y = l.triangularSolve(x.unsqueeze(-1), true, false);
        return y.square().sum(new int[] {-2, -1}, false);
    }

    /** {@code a @ b} with the batch dims of both broadcast first. */
    static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        Shape ba = a.shape().sub(0, a.rank() - 2);
        Shape bb = b.shape().sub(0, b.rank() - 2);
        Shape batch = Shape.broadcast("matmul", ba, bb);
        Tensor fa = a.broadcastTo(batch.concat(a.shape().sub(a.rank() - 2, a.rank())));
        Tensor fb = b.broadcastTo(batch.concat(b.shape().sub(b.rank() - 2, b.rank())));
        return fa.matmul(fb, transposeA, transposeB);
    }

    /** The {@code n x n} identity in {@code like}'s dtype on its backend. */
    static Tensor identity(int n, Tensor like) {
        Tensor ones =
                Dispatch.create(
                        like.backend(),
                        CreationOp.FULL,
                        new Attr.Fill(Shape.of(n), like.dtype(), 1.0));
        return Functions.diagEmbed(ones);
    }

    /**
     * {@code sum log diag L} for {@code L [..., n, n]} with a positive diagonal: half the
     * log-determinant of {@code L L^T}, of shape {@code [...]}.
     */
    static Tensor halfLogDet(Tensor l) {
        return Functions.sumRightmost(Functions.diagonal(l).log(), 1);
    }
}
