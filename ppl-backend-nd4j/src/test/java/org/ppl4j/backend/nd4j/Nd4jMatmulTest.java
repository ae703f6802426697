package org.ppl4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.ppl4j.backend.nd4j.Nd4jTesting.backend;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.TensorType;

/** Large products cut into blocks, one per thread, against one call and the exact products. */
class Nd4jMatmulTest {
    private static Nd4jArrays arrays;

    @BeforeAll
    static void loadNd4j() {
        backend(); // loads the natives and applies the thread settings
        arrays = new Nd4jArrays(new Nd4jArrayPool(0));
    }

    @Test
    void cutsOnlyProductsWithEnoughWorkPerBlock() {
        Nd4jMatmul three = new Nd4jMatmul(arrays, new Nd4jWorkers(3));
        assertThat(three.parts(300, 100, 300)).isEqualTo(3);
        assertThat(three.parts(256, 400, 50)).isEqualTo(2); // 5.1M multiply-adds: two blocks
        assertThat(three.parts(64, 64, 64)).isEqualTo(1);
        assertThat(three.parts(2, 1, 4_000_000)).isEqualTo(2); // never more blocks than rows
        assertThat(new Nd4jMatmul(arrays, new Nd4jWorkers(1)).parts(300, 100, 300)).isEqualTo(1);
    }

    /** Tall outputs are cut into blocks of rows, wide ones into blocks of columns. */
    @ParameterizedTest
    @CsvSource({
        "F32, 301, 97, 231, false, false",
        "F32, 301, 97, 231, true, false",
        "F32, 301, 97, 231, false, true",
        "F32, 301, 97, 231, true, true",
        "F32, 41, 509, 331, false, false",
        "F32, 41, 509, 331, true, false",
        "F32, 41, 509, 331, false, true",
        "F32, 41, 509, 331, true, true",
        "F64, 301, 97, 231, true, false",
        "F64, 41, 509, 331, false, true"
    })
    void blocksOnThreeThreadsEqualOneCallAndTheExactProduct(
            DType d, int m, int n, int k, boolean ta, boolean tb) {
        Nd4jMatmul split = new Nd4jMatmul(arrays, new Nd4jWorkers(3));
        assertThat(split.parts(m, n, k)).isEqualTo(3);
        Nd4jMatmul one = new Nd4jMatmul(arrays, new Nd4jWorkers(1));
        double[] a = random(m * k, 1);
        double[] b = random(k * n, 2);
        INDArray x = arrays.upload(a, type(d, ta ? k : m, ta ? m : k));
        INDArray y = arrays.upload(b, type(d, tb ? n : k, tb ? k : n));
        Attr.Transpose t = new Attr.Transpose(ta, tb);
        double[] cut = Nd4jArrays.doubles(split.matmul(t, x, y, type(d, m, n)));
        double[] whole = Nd4jArrays.doubles(one.matmul(t, x, y, type(d, m, n)));
        double[] exact = product(a, b, m, n, k, ta, tb);
        double tol = (d == DType.F32 ? 1e-6 : 1e-14) * k;
        for (int i = 0; i < exact.length; i++) {
            assertThat(cut[i]).as("element %d", i).isCloseTo(exact[i], offset(tol));
            assertThat(cut[i])
                    .as("element %d against one call", i)
                    .isCloseTo(whole[i], offset(tol));
        }
    }

    private static TensorType type(DType d, int rows, int cols) {
        return new TensorType(Shape.of(rows, cols), d);
    }

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() - 0.5); // exact in float32 too
        }
        return v;
    }

    /** The product in double from the stored operands, {@code a} as [k, m] when transposed. */
    private static double[] product(
            double[] a, double[] b, int m, int n, int k, boolean ta, boolean tb) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }
}
