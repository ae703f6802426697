package org.ppl4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ppl4j.backend.nd4j.Nd4jTesting.assertTensor;
import static org.ppl4j.backend.nd4j.Nd4jTesting.backend;
import static org.ppl4j.backend.nd4j.Nd4jTesting.t;

import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

class Nd4jLayoutTest {
    private static final double[] SIX = {0, 1, 2, 3, 4, 5};

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void reshapeAndBroadcastTo(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor x = t(d, SIX, 2, 3);
            assertTensor(x.reshape(3, 2), new int[] {3, 2}, SIX);
            assertTensor(x.reshape(6), new int[] {6}, SIX);
            assertTensor(t(d, new double[] {7}, 1, 1).reshape(), new int[0], 7);
            assertTensor(t(d, new double[] {7}).reshape(1), new int[] {1}, 7);
            Tensor col = t(d, new double[] {1, 2}, 2, 1);
            assertTensor(
                    col.broadcastTo(Shape.of(2, 2, 3)),
                    new int[] {2, 2, 3},
                    1,
                    1,
                    1,
                    2,
                    2,
                    2,
                    1,
                    1,
                    1,
                    2,
                    2,
                    2);
            assertTensor(t(d, new double[] {5}).broadcastTo(Shape.of(2)), new int[] {2}, 5, 5);
            assertTensor(
                    t(d, new double[] {1, 2, 3}, 3).broadcastTo(Shape.of(1, 3)),
                    new int[] {1, 3},
                    1,
                    2,
                    3);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void transposeSliceAndPad(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor x = t(d, SIX, 2, 3);
            assertTensor(x.transpose(), new int[] {3, 2}, 0, 3, 1, 4, 2, 5);
            Tensor cube = t(d, new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
            assertTensor(cube.permute(2, 0, 1), new int[] {2, 2, 2}, 0, 2, 4, 6, 1, 3, 5, 7);
            assertTensor(x.slice(new int[] {0, 1}, new int[] {2, 3}), new int[] {2, 2}, 1, 2, 4, 5);
            assertTensor(x.narrow(0, 1, 1), new int[] {1, 3}, 3, 4, 5);
            assertTensor(x.slice(new int[] {0, 0}, new int[] {2, 3}), new int[] {2, 3}, SIX);
            assertTensor(
                    x.pad(new int[] {1, 0}, new int[] {0, 1}),
                    new int[] {3, 4},
                    0,
                    0,
                    0,
                    0,
                    0,
                    1,
                    2,
                    0,
                    3,
                    4,
                    5,
                    0);
            assertTensor(t(d, new double[] {9}).pad(new int[0], new int[0]), new int[0], 9);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void concatGatherAndScatterAdd(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor x = t(d, SIX, 2, 3);
            assertTensor(
                    Tensor.concat(1, x, t(d, new double[] {9, 8}, 2, 1)),
                    new int[] {2, 4},
                    0,
                    1,
                    2,
                    9,
                    3,
                    4,
                    5,
                    8);
            assertTensor(
                    Tensor.concat(0, x, x, t(d, new double[0], 0, 3)),
                    new int[] {4, 3},
                    0,
                    1,
                    2,
                    3,
                    4,
                    5,
                    0,
                    1,
                    2,
                    3,
                    4,
                    5);
            assertTensor(x.gather(1, new int[] {2, 0, 2}), new int[] {2, 3}, 2, 0, 2, 5, 3, 5);
            assertTensor(x.gather(0, new int[] {1}), new int[] {1, 3}, 3, 4, 5);
            assertTensor(
                    x.scatterAdd(1, new int[] {2, 0, 2}, 4),
                    new int[] {2, 4},
                    1,
                    0,
                    2,
                    0,
                    4,
                    0,
                    8,
                    0);
            assertTensor(
                    x.scatterAdd(0, new int[] {1, 1}, 3),
                    new int[] {3, 3},
                    0,
                    0,
                    0,
                    3,
                    5,
                    7,
                    0,
                    0,
                    0);
            Tensor cube = t(d, new double[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 2, 2);
            assertTensor(cube.scatterAdd(2, new int[] {0, 0}, 1), new int[] {2, 2, 1}, 1, 5, 9, 13);
            assertTensor(
                    cube.gather(1, new int[] {1, 1, 0}),
                    new int[] {2, 3, 2},
                    2,
                    3,
                    2,
                    3,
                    0,
                    1,
                    6,
                    7,
                    6,
                    7,
                    4,
                    5);
            Tensor flatRow = t(d, new double[] {1, 2, 3}, 1, 3); // vector-like shapes
            assertTensor(
                    flatRow.scatterAdd(0, new int[] {1}, 2), new int[] {2, 3}, 0, 0, 0, 1, 2, 3);
            assertTensor(
                    flatRow.reshape(3, 1).scatterAdd(1, new int[] {1}, 2),
                    new int[] {3, 2},
                    0,
                    1,
                    0,
                    2,
                    0,
                    3);
            assertTensor(flatRow.gather(0, new int[] {0, 0}), new int[] {2, 3}, 1, 2, 3, 1, 2, 3);
            assertTensor(
                    flatRow.reshape(3, 1).gather(1, new int[] {0, 0}),
                    new int[] {3, 2},
                    1,
                    1,
                    2,
                    2,
                    3,
                    3);
            assertTensor(Tensor.concat(0, flatRow, flatRow), new int[] {2, 3}, 1, 2, 3, 1, 2, 3);
            assertTensor(flatRow.sum(new int[] {1}, false), new int[] {1}, 6);
            Tensor v = t(d, new double[] {1, 2, 3}, 3);
            assertTensor(v.gather(0, new int[] {2, 2}), new int[] {2}, 3, 3);
            assertTensor(v.scatterAdd(0, new int[] {3, 0, 3}, 5), new int[] {5}, 2, 0, 0, 4, 0);
            assertTensor(
                    cube.slice(new int[] {1, 0, 1}, new int[] {2, 2, 2}),
                    new int[] {1, 2, 1},
                    5,
                    7);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void emptyShapesNeverReachTheKernels(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor e = t(d, new double[0], 0, 3);
            assertThat(e.add(t(d, new double[] {1, 2, 3}, 3)).shape()).isEqualTo(Shape.of(0, 3));
            assertTensor(e.sum(0), new int[] {3}, 0, 0, 0);
            assertTensor(e.transpose().matmul(e), new int[] {3, 3}, new double[9]);
            assertTensor(e.pad(new int[] {1, 0}, new int[] {0, 0}), new int[] {1, 3}, 0, 0, 0);
            assertThat(e.exp().toDoubleArray()).isEmpty();
            assertThat(e.gather(1, new int[] {0}).shape()).isEqualTo(Shape.of(0, 1));
        }
    }

    /** A result must outlive the input it was computed from: it may never share its buffer. */
    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void resultsOwnTheirBuffersAfterTheInputIsReleased(DType d) {
        UnaryOperator<Tensor>[] ops = ownershipCases();
        try (var scope = new TensorScope(backend())) {
            for (UnaryOperator<Tensor> op : ops) {
                Tensor x = t(d, SIX, 2, 3);
                Tensor y = op.apply(x);
                double[] before = y.toDoubleArray();
                x.close();
                Tensor churn = t(d, new double[] {-1, -1, -1, -1, -1, -1}, 2, 3);
                assertThat(y.toDoubleArray()).containsExactly(before);
                churn.close();
                y.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static UnaryOperator<Tensor>[] ownershipCases() {
        return new UnaryOperator[] {
            x -> ((Tensor) x).reshape(3, 2),
            x -> ((Tensor) x).reshape(1, 6),
            x -> ((Tensor) x).transpose(),
            x -> ((Tensor) x).permute(0, 1),
            x -> ((Tensor) x).broadcastTo(Shape.of(1, 2, 3)),
            x -> ((Tensor) x).slice(new int[] {0, 0}, new int[] {2, 3}),
            x -> ((Tensor) x).slice(new int[] {1, 0}, new int[] {2, 3}),
            x -> ((Tensor) x).pad(new int[] {0, 0}, new int[] {0, 0}),
            x -> Tensor.concat(0, (Tensor) x),
            x -> ((Tensor) x).sum(new int[0], false),
            x -> ((Tensor) x).gather(0, new int[] {0, 1}),
        };
    }
}
