package org.ppl4j.backend.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.TensorType;

/**
 * {@code op(a) @ op(b)} with transpose flags on the last two axes.
 *
 * <p>Rank 2 goes straight to BLAS gemm; higher ranks (equal batch dims) to libnd4j's batched
 * matmul. Both write into a fresh c-order output: {@code INDArray.mmul} into a c-order result was
 * several times slower.
 */
final class Nd4jMatmul {
    private final Nd4jArrays arrays;

    Nd4jMatmul(Nd4jArrays arrays) {
        this.arrays = arrays;
    }

    INDArray matmul(Attr.Transpose t, INDArray a, INDArray b, TensorType out) {
        INDArray z = arrays.alloc(out);
        if (a.rank() == 2) {
            Nd4j.gemm(a, b, z, t.a(), t.b(), 1.0, 0.0);
        } else {
            Nd4j.matmul(a, b, z, t.a(), t.b(), false);
        }
        return z;
    }
}
