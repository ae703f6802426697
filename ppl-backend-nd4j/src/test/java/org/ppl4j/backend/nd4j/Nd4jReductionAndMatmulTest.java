package org.ppl4j.backend.nd4j;

import static org.ppl4j.backend.nd4j.Nd4jTesting.assertTensor;
import static org.ppl4j.backend.nd4j.Nd4jTesting.backend;
import static org.ppl4j.backend.nd4j.Nd4jTesting.t;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ppl4j.core.DType;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

class Nd4jReductionAndMatmulTest {
    private static final double NAN = Double.NaN;

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void sumMaxMinOverAxesWithAndWithoutKeepDims(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor x = t(d, new double[] {1, -2, 3, 4, 5, -6}, 2, 3);
            assertTensor(x.sum(), new int[0], 5);
            assertTensor(x.sum(0), new int[] {3}, 5, 3, -3);
            assertTensor(x.sum(new int[] {1}, true), new int[] {2, 1}, 2, 3);
            assertTensor(x.sum(new int[] {0, 1}, true), new int[] {1, 1}, 5);
            assertTensor(x.max(new int[] {1}, false), new int[] {2}, 3, 5);
            assertTensor(x.min(new int[] {0}, true), new int[] {1, 3}, 1, -2, -6);
            assertTensor(x.max(), new int[0], 5);
            assertTensor(x.sum(new int[0], false), new int[] {2, 3}, 1, -2, 3, 4, 5, -6);
            assertTensor(t(d, new double[] {7}).sum(), new int[0], 7);
            assertTensor(
                    t(d, new double[] {1, 2, 3}, 1, 3).sum(new int[] {0}, false),
                    new int[] {3},
                    1,
                    2,
                    3);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void maxAndMinReturnNaNForSlicesHoldingNaN(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor x = t(d, new double[] {1, NAN, 3, 4, 5, 6}, 2, 3);
            assertTensor(x.max(new int[] {1}, false), new int[] {2}, NAN, 6);
            assertTensor(x.min(new int[] {0}, true), new int[] {1, 3}, 1, NAN, 3);
            assertTensor(x.max(), new int[0], NAN);
            assertTensor(x.sum(new int[] {1}, false), new int[] {2}, NAN, 15);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void matmulWithTransposeFlags(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor a = t(d, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor b = t(d, new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
            assertTensor(a.matmul(b), new int[] {2, 2}, 4, 5, 10, 11);
            assertTensor(a.matmul(b, true, true), new int[] {3, 3}, 1, 4, 5, 2, 5, 7, 3, 6, 9);
            assertTensor(a.matmul(a, false, true), new int[] {2, 2}, 14, 32, 32, 77);
            assertTensor(
                    a.matmul(a, true, false), new int[] {3, 3}, 17, 22, 27, 22, 29, 36, 27, 36, 45);
            Tensor row = t(d, new double[] {1, 2}, 1, 2);
            assertTensor(row.matmul(row, true, false), new int[] {2, 2}, 1, 2, 2, 4);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void batchedMatmulOverEqualLeadingDims(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor a = t(d, new double[] {1, 2, 3, 4, 1, 0, 0, 1}, 2, 2, 2);
            Tensor b = t(d, new double[] {1, 1, 0, 1, 5, 6, 7, 8}, 2, 2, 2);
            assertTensor(a.matmul(b), new int[] {2, 2, 2}, 1, 3, 3, 7, 5, 6, 7, 8);
            assertTensor(a.matmul(b, false, true), new int[] {2, 2, 2}, 3, 2, 7, 4, 5, 7, 6, 8);
            assertTensor(a.matmul(b, true, false), new int[] {2, 2, 2}, 1, 4, 2, 6, 5, 6, 7, 8);
            Tensor a4 = a.reshape(2, 1, 2, 2);
            assertTensor(
                    a4.matmul(b.reshape(2, 1, 2, 2)),
                    new int[] {2, 1, 2, 2},
                    1,
                    3,
                    3,
                    7,
                    5,
                    6,
                    7,
                    8);
        }
    }
}
