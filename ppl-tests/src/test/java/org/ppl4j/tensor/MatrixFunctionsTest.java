package org.ppl4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;
import org.ppl4j.spi.Backend;

/**
 * {@link Functions#diagonal}, {@link Functions#diagEmbed} and {@link Functions#tril}, composed from
 * layout primitives and a select, on every backend: exact values (no arithmetic touches an entry),
 * batches, infinities and NaN off the diagonal, and gradients that are the same selections.
 */
class MatrixFunctionsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void diagonalTakesEachMatrixsDiagonalExactly(Backend backend, DType dt) {
        try (var scope = new TensorScope(backend)) {
            double[] m = {1, INF, 3, Double.NaN, 5, 6, 7, 8, 9, -1, -2, -3, -4, -5, -6, -7, -8, -9};
            Tensor batch = Tensor.of(m, dt, 2, 3, 3);
            Tensor d = Functions.diagonal(batch);
            assertThat(d.shape()).isEqualTo(Shape.of(2, 3));
            assertThat(d.toDoubleArray()).containsExactly(1, 5, 9, -1, -5, -9);
            assertThat(Functions.diagonal(Tensor.of(new double[] {4}, dt, 1, 1)).toDoubleArray())
                    .containsExactly(4);
            assertThat(Functions.diagonal(Tensor.zeros(dt, 3, 0, 0)).shape())
                    .isEqualTo(Shape.of(3, 0));
            assertThatThrownBy(() -> Functions.diagonal(Tensor.zeros(dt, 2, 3)))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("diagonal: needs square matrices [..., n, n]")
                    .hasMessageContaining("[2, 3]");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void diagEmbedPutsVectorsOnZeroMatrices(Backend backend, DType dt) {
        try (var scope = new TensorScope(backend)) {
            Tensor v = Tensor.of(new double[] {1, INF, 3, -4, 5, Double.NaN}, dt, 2, 3);
            double[] got = Functions.diagEmbed(v).toDoubleArray();
            double nan = Double.NaN;
            assertThat(Functions.diagEmbed(v).shape()).isEqualTo(Shape.of(2, 3, 3));
            assertThat(got)
                    .containsExactly(1, 0, 0, 0, INF, 0, 0, 0, 3, -4, 0, 0, 0, 5, 0, 0, 0, nan);
            assertThat(Functions.diagonal(Functions.diagEmbed(v)).toDoubleArray())
                    .containsExactly(v.toDoubleArray());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void trilKeepsTheEntriesOnAndBelowTheChosenDiagonal(Backend backend, DType dt) {
        try (var scope = new TensorScope(backend)) {
            Tensor m = Tensor.of(new double[] {1, INF, Double.NaN, 4, 5, 6, 7, 8, 9}, dt, 3, 3);
            assertThat(Functions.tril(m, 0).toDoubleArray())
                    .containsExactly(1, 0, 0, 4, 5, 0, 7, 8, 9);
            assertThat(Functions.tril(m, -1).toDoubleArray())
                    .containsExactly(0, 0, 0, 4, 0, 0, 7, 8, 0);
            assertThat(Functions.tril(m, 1).toDoubleArray())
                    .containsExactly(1, INF, 0, 4, 5, 6, 7, 8, 9);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void gradientsAreTheSameSelections(Backend backend, DType dt) {
        try (var scope = new TensorScope(backend)) {
            Tensor m = Tensor.of(new double[] {1, 2, 3, 4}, dt, 2, 2).requiringGrad();
            Tensor w = Tensor.of(new double[] {10, 20}, dt, 2);
            List<Tensor> g =
                    Autodiff.grad(
                            Functions.diagonal(m).mul(w).sum().add(Functions.tril(m, -1).sum()),
                            List.of(m),
                            false);
            assertThat(g.get(0).toDoubleArray()).containsExactly(10, 0, 1, 20);
            Tensor v = Tensor.of(new double[] {1, 2}, dt, 2).requiringGrad();
            Tensor c = Tensor.of(new double[] {1, 2, 3, 4}, dt, 2, 2);
            Tensor gv = Autodiff.grad(Functions.diagEmbed(v).mul(c).sum(), v);
            assertThat(gv.toDoubleArray()).containsExactly(1, 4);
        }
    }
}
