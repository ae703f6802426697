package org.ppl4j.backend.nd4j;

import static org.ppl4j.backend.nd4j.Nd4jArrays.dims;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.tensor.Attr;
import org.ppl4j.tensor.LinalgOp;
import org.ppl4j.tensor.Shape;
import org.ppl4j.tensor.TensorType;

/**
 * The linear algebra primitives on libnd4j's {@code cholesky} and {@code triangular_solve} (LAPACK
 * and BLAS underneath: float64 results within 1e-15 of the reference's loops).
 *
 * <p>Two differences are bridged here. libnd4j's {@code cholesky} rejects a matrix that is not
 * exactly symmetric, while the primitive reads only the lower triangle, so the lower triangle is
 * mirrored into a copy first; its failure (a message on stderr and "Op [cholesky] execution
 * failed"), and a NaN in its result, which its check lets through, become the one
 * not-positive-definite error of every backend. Its {@code triangular_solve} wants equal batch
 * dims, so broadcast operands are expanded first.
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

    private INDArray cholesky(INDArray a, TensorType type, TensorType out) {
        INDArray sym = arrays.upload(mirroredLower(a, type.shape().dim(-1)), type);
        INDArray z = arrays.alloc(out);
        String failure;
        try {
            Nd4jArrays.exec("cholesky", z, sym);
            if (!Nd4jHost.hasNaN(z)) {
                return z;
            }
            failure = "NaN in libnd4j's factor"; // its check lets a NaN through
        } catch (RuntimeException e) {
            failure = "libnd4j: " + e.getMessage();
        } finally {
            arrays.free(sym);
        }
        arrays.free(z);
        throw LinalgOp.notPositiveDefinite(Nd4jBackend.NAME, type, -1, failure);
    }

    /** The elements with each matrix's strict upper triangle replaced by its lower one's. */
    private static double[] mirroredLower(INDArray a, int n) {
        double[] d = Nd4jArrays.doubles(a);
        for (int o = 0; o < d.length; o += n * n) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    d[o + i * n + j] = d[o + j * n + i];
                }
            }
        }
        return d;
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
