package org.ppl4j.backend.nd4j;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.TensorType;

/**
 * {@code op(a) @ op(b)} with transpose flags on the last two axes.
 *
 * <p>Rank 2 goes to BLAS gemm; higher ranks (equal batch dims) to libnd4j's batched matmul. Both
 * write into a fresh c-order output: {@code INDArray.mmul} into a c-order result was several times
 * slower. A large rank-2 product runs on all of the backend's {@link Nd4jWorkers}: the output is
 * cut into one block of rows (or of columns, when it is wider than tall) per thread, and each block
 * is one single-threaded OpenBLAS call on the operands' own memory, without copies. (A block's
 * elements can differ from one whole call's in the last bits, as OpenBLAS picks its kernels by
 * shape.) OpenBLAS's own pool is not used: its idle threads spin for a tenth of a second after each
 * call, which on two cores took the core that the JVM's thread needed for the next kernels.
 */
final class Nd4jMatmul {
    /** Below this many multiply-adds per block, splitting costs more than it saves. */
    static final long MIN_BLOCK_WORK = 1L << 21;

    private final Nd4jArrays arrays;
    private final Nd4jWorkers workers;

    Nd4jMatmul(Nd4jArrays arrays, Nd4jWorkers workers) {
        this.arrays = arrays;
        this.workers = workers;
    }

    INDArray matmul(Attr.Transpose t, INDArray a, INDArray b, TensorType out) {
        INDArray z = arrays.alloc(out);
        if (a.rank() != 2) {
            Nd4j.matmul(a, b, z, t.a(), t.b(), false);
            return z;
        }
        int m = (int) z.size(0);
        int n = (int) z.size(1);
        int k = (int) (t.a() ? a.size(0) : a.size(1));
        int parts = parts(m, n, k);
        if (parts < 2 || !direct(a) || !direct(b) || !direct(z)) {
            Nd4j.gemm(a, b, z, t.a(), t.b(), 1.0, 0.0);
            return z;
        }
        Gemm g = new Gemm(t.a(), t.b(), m, n, k, a, b, z);
        int rows = Math.max(m, n);
        workers.run(
                parts,
                p ->
                        g.block(
                                m >= n,
                                (int) ((long) rows * p / parts),
                                (int) ((long) rows * (p + 1) / parts)));
        return z;
    }

    /**
     * Into how many blocks a {@code [m, k] x [k, n]} product is cut: one per thread, but none with
     * fewer than {@link #MIN_BLOCK_WORK} multiply-adds or without a row (column) of its own.
     */
    int parts(int m, int n, int k) {
        long byWork = (long) m * n * k / MIN_BLOCK_WORK;
        return (int) Math.max(1, Math.min(Math.min(workers.threads(), Math.max(m, n)), byWork));
    }

    /** Whether BLAS can read the array in place: float or double, c-order, dense, offset 0. */
    private static boolean direct(INDArray x) {
        DataType d = x.dataType();
        if ((d != DataType.FLOAT && d != DataType.DOUBLE) || x.offset() != 0) {
            return false;
        }
        long[] shape = x.shape();
        long[] stride = x.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * One row-major product {@code z[m, n] = op(a)[m, k] op(b)[k, n]}; {@code a} is stored as
     * {@code [k, m]} when transposed, {@code b} as {@code [n, k]}.
     */
    private record Gemm(
            boolean ta, boolean tb, int m, int n, int k, INDArray a, INDArray b, INDArray z) {
        /** Output rows (or, with {@code !byRows}, columns) {@code [from, to)}. */
        void block(boolean byRows, int from, int to) {
            long aOff = byRows ? (ta ? from : (long) from * k) : 0;
            long bOff = byRows ? 0 : (tb ? (long) from * k : from);
            long zOff = byRows ? (long) from * n : from;
            int rows = byRows ? to - from : m;
            int cols = byRows ? n : to - from;
            int opA = ta ? CblasTrans : CblasNoTrans;
            int opB = tb ? CblasTrans : CblasNoTrans;
            int lda = ta ? m : k;
            int ldb = tb ? k : n;
            if (z.dataType() == DataType.FLOAT) {
                cblas_sgemm(
                        CblasRowMajor,
                        opA,
                        opB,
                        rows,
                        cols,
                        k,
                        1f,
                        floats(a, aOff),
                        lda,
                        floats(b, bOff),
                        ldb,
                        0f,
                        floats(z, zOff),
                        n);
            } else {
                cblas_dgemm(
                        CblasRowMajor,
                        opA,
                        opB,
                        rows,
                        cols,
                        k,
                        1.0,
                        doubles(a, aOff),
                        lda,
                        doubles(b, bOff),
                        ldb,
                        0.0,
                        doubles(z, zOff),
                        n);
            }
        }

        private static FloatPointer floats(INDArray x, long offset) {
            Pointer p = x.data().addressPointer();
            return new FloatPointer(p).position(offset);
        }

        private static DoublePointer doubles(INDArray x, long offset) {
            Pointer p = x.data().addressPointer();
            return new DoublePointer(p).position(offset);
        }
    }
}
