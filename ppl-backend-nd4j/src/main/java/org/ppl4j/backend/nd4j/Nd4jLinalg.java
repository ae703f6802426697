package org.ppl4j.backend.nd4j;

import static org.ppl4j.backend.nd4j.Nd4jArrays.dims;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.TensorType;

/**
 * The linear algebra primitives: the triangular solve on libnd4j's {@code triangular_solve} (BLAS
 * underneath, float64 within 1e-15 of the reference), the Cholesky factorization as a host loop.
 *
 * <p>libnd4j's {@code cholesky} does not fit the primitive: it rejects a matrix that is not exactly
 * symmetric (the primitive reads the lower triangle only), lets a NaN through, calls a 4 x 4
 * covariance of condition number 1e6 not positive definite (PyTorch and TF factor it), and says
 * which matrix failed nowhere but on stderr. The loop below is exact to rounding in double (then
 * rounded once to float32), and the matrices are small (covariances of a few dozen dims), so the
 * host pass costs little. libnd4j's {@code triangular_solve} wants equal batch dims, so broadcast
 * operands are expanded first.
 */
final class Nd4jLinalg {
    private final Nd4jArrays arrays;

    Nd4jLinalg(Nd4jArrays arrays) {
        this.arrays = arrays;
    }

    INDArray apply(LinalgOp op, Attr attr, INDArray[] in, TensorType[] types, TensorType out) {
        return switch (op) {
            case CHOLESKY -> cholesky(in[0], types[0], out);
            case TRIANGULAR_SOLVE -> solve((Attr.Triangular) attr, in[0], in[1], out);
        };
    }

    /**
     * Cholesky-Crout, column by column, in double: {@code L_jj = sqrt(A_jj - sum_{k<j} L_jk^2)},
     * then {@code L_ij = (A_ij - sum_{k<j} L_ik L_jk) / L_jj} below it, reading the lower triangle
     * only and failing on the first pivot that is not positive (NaN included).
     */
    private INDArray cholesky(INDArray a, TensorType type, TensorType out) {
        int n = type.shape().dim(-1);
        double[] x = Nd4jArrays.doubles(a);
        double[] l = new double[x.length];
        for (int o = 0; o < x.length; o += n * n) {
            for (int j = 0; j < n; j++) {
                double d = x[o + j * n + j];
                for (int k = 0; k < j; k++) {
                    d -= l[o + j * n + k] * l[o + j * n + k];
                }
                if (!(d > 0)) {
                    throw LinalgOp.notPositiveDefinite(
                            Nd4jBackend.NAME, type, o / (n * n), "pivot " + j + " is " + d);
                }
                double ljj = Math.sqrt(d);
                l[o + j * n + j] = ljj;
                for (int i = j + 1; i < n; i++) {
                    double s = x[o + i * n + j];
                    for (int k = 0; k < j; k++) {
                        s -= l[o + i * n + k] * l[o + j * n + k];
                    }
                    l[o + i * n + j] = s / ljj;
                }
            }
        }
        return arrays.upload(l, out);
    }

    private INDArray solve(Attr.Triangular t, INDArray a, INDArray b, TensorType out) {
        INDArray[] given = {a, b};
        Shape so = out.shape();
        int n = so.dim(-2);
        long[] full = dims(so.sub(0, so.rank() - 2).concat(Shape.of(n, n)));
        INDArray fa = arrays.broadcast(a, full);
        INDArray fb = arrays.broadcast(b, dims(so));
        try {
            INDArray z = arrays.alloc(out);
            Nd4j.exec(
                    DynamicCustomOp.builder("triangular_solve")
                            .addInputs(fa, fb)
                            .addOutputs(z)
                            .addBooleanArguments(t.lower(), t.transpose())
                            .build());
            return z;
        } finally {
            arrays.free(given, fa, fb);
        }
    }
}
