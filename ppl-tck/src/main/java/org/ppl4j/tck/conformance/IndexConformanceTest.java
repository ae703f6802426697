package org.ppl4j.tck.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.ShapeException;
import org.ppl4j.spi.Backend;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.BackendsUnderTest;

/**
 * The integer dtypes and the index-tensor primitives on every backend: int32/int64 tensors round
 * trip and cast exactly, {@code indexSelect}/{@code indexAdd} take positions from an integer tensor
 * and agree with the static {@code gather}/{@code scatterAdd} (themselves checked against the
 * reference), their gradients are each other, and integer tensors refuse arithmetic.
 */
@Tag(Layer.INDEX)
class IndexConformanceTest {
    static Stream<Arguments> cases() {
        return BackendsUnderTest.crossedWith(DType.floating(), List.of(DType.I32, DType.I64));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void indexSelectEqualsGatherOnEveryAxis(Backend b, DType dt, DType it) {
        Capabilities.assumeDtype(b, dt);
        try (TensorScope scope = new TensorScope(b)) {
            double[] v = new double[24];
            for (int i = 0; i < v.length; i++) {
                v[i] = i * 1.5 - 7;
            }
            Tensor x = Tensor.of(v, dt, 2, 3, 4);
            int[][] positions = {{1, 0, 1}, {2, 2, 0, 1}, {3, 0}};
            for (int axis = 0; axis < 3; axis++) {
                int[] p = positions[axis];
                Tensor idx = Tensor.of(doubles(p), it, p.length);
                assertThat(x.indexSelect(axis, idx).toDoubleArray())
                        .as("axis %d", axis)
                        .containsExactly(x.gather(axis, p).toDoubleArray());
                Tensor g = x.gather(axis, p);
                int size = x.dim(axis);
                assertThat(g.indexAdd(axis, idx, size).toDoubleArray())
                        .as("indexAdd axis %d", axis)
                        .containsExactly(g.scatterAdd(axis, p, size).toDoubleArray());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void theGradientOfIndexSelectIsIndexAdd(Backend b, DType dt, DType it) {
        Capabilities.assumeDtype(b, dt);
        try (TensorScope scope = new TensorScope(b)) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, dt, 3, 2).requiringGrad();
            Tensor idx = Tensor.of(new double[] {2, 0, 2, 2}, it, 4);
            Tensor w = Tensor.of(new double[] {1, 10, 100, 1000, 2, 20, 3, 30}, dt, 4, 2);
            Tensor loss = x.indexSelect(0, idx).mul(w).sum();
            // Row 0 is picked once (weights 100, 1000); row 2 three times (1+2+3, 10+20+30).
            assertThat(Autodiff.grad(loss, x).toDoubleArray())
                    .containsExactly(100, 1000, 0, 0, 6, 60);
            Tensor y = Tensor.of(new double[] {1, 2, 3, 4}, dt, 4, 1).requiringGrad();
            Tensor up = Tensor.of(new double[] {5, 7, 11}, dt, 3, 1);
            Tensor back = y.indexAdd(0, idx, 3).mul(up).sum();
            assertThat(Autodiff.grad(back, y).toDoubleArray()).containsExactly(11, 5, 11, 11);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void integerTensorsRoundTripAndCastExactly(Backend b, DType dt, DType it) {
        Capabilities.assumeDtype(b, dt);
        try (TensorScope scope = new TensorScope(b)) {
            double[] v = {0, 1, -5, 123456789, -2147483648.0};
            Tensor i = Tensor.of(v, it, v.length);
            assertThat(i.toDoubleArray()).containsExactly(v);
            assertThat(Tensor.zeros(it, 2).toDoubleArray()).containsExactly(0, 0);
            Tensor f = Tensor.of(new double[] {2.75, -3.5, 7}, dt, 3);
            // Casts to integers truncate toward zero, as in PyTorch and NumPy.
            assertThat(f.cast(it).toDoubleArray()).containsExactly(2, -3, 7);
            assertThat(f.cast(it).cast(dt).add(f).toDoubleArray()).containsExactly(4.75, -6.5, 14);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void integerTensorsRefuseArithmeticAndIndicesMustBeIntegers(Backend b, DType dt, DType it) {
        Capabilities.assumeDtype(b, dt);
        try (TensorScope scope = new TensorScope(b)) {
            Tensor i = Tensor.of(new double[] {1, 2}, it, 2);
            assertThatThrownBy(() -> i.add(i))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("integer tensor")
                    .hasMessageContaining(".cast(DType.F32)");
            Tensor x = Tensor.of(new double[] {1, 2, 3}, dt, 3);
            assertThatThrownBy(() -> x.indexSelect(0, x))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("indexSelect: the index must be a rank-1 int32 or int64");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void anIndexOutsideTheAxisFails(Backend b, DType dt, DType it) {
        Capabilities.assumeDtype(b, dt);
        try (TensorScope scope = new TensorScope(b)) {
            Tensor x = Tensor.of(new double[] {1, 2, 3}, dt, 3);
            Tensor idx = Tensor.of(new double[] {0, 3}, it, 2);
            assertThatThrownBy(() -> x.indexSelect(0, idx).toDoubleArray())
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("3");
        }
    }

    private static double[] doubles(int[] p) {
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = p[i];
        }
        return d;
    }
}
