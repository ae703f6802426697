package org.ppl4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.ShapeException;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;

/** Gradients at the edges where PyTorch picks a side, shape checks, and the host-read route. */
class EdgeGradientTest {
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = new TensorScope(Backends.get("reference"));
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static double gradAt(UnaryOperator<Tensor> f, double x) {
        Tensor leaf = Tensor.of(new double[] {x}, 1).requiringGrad();
        return Autodiff.grad(f.apply(leaf).sum(), leaf).item();
    }

    @Test
    void theSoftplusCompositionHasPyTorchsGradientAtTheThreshold() {
        UnaryOperator<Tensor> composed = x -> Functions.compose(FusedOp.SOFTPLUS, x);
        // Not half of it, as a minimum's tie would give.
        assertThat(gradAt(composed, 20.0)).isCloseTo(1 / (1 + Math.exp(-20.0)), within(1e-15));
        assertThat(gradAt(composed, 20.5)).isEqualTo(1.0);
        assertThat(gradAt(composed, 0.0)).isEqualTo(0.5);
    }

    @Test
    void powHasAZeroGradientInTheBaseWhereTheExponentIsZero() {
        Tensor x = Tensor.of(new double[] {0, 0, 2}, 3).requiringGrad();
        Tensor y = Tensor.of(new double[] {0, 2, 0}, 3);
        double[] g = Autodiff.grad(x.pow(y).sum(), x).toDoubleArray();
        assertThat(g).containsExactly(0, 0, 0);
    }

    @Test
    void anEmptyPermutationOfAMatrixIsRefused() {
        Tensor m = Tensor.zeros(DType.F64, 2, 3);
        assertThatThrownBy(() -> m.permute())
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("transpose: [] is not a permutation of the 2 axes");
    }

    @Test
    void hostReadsGoThroughTheInterpreter() {
        AtomicInteger reads = new AtomicInteger();
        Interpreter counting =
                new Interpreter() {
                    @Override
                    public Tensor apply(
                            Backend b, Primitive p, Attr attr, Tensor[] in, TensorType out) {
                        return EagerInterpreter.INSTANCE.apply(b, p, attr, in, out);
                    }

                    @Override
                    public Tensor fromHost(Backend b, Object data, TensorType type) {
                        return EagerInterpreter.INSTANCE.fromHost(b, data, type);
                    }

                    @Override
                    public Object toHost(Tensor t, DType asType) {
                        reads.incrementAndGet();
                        return EagerInterpreter.INSTANCE.toHost(t, asType);
                    }
                };
        Tensor t = Tensor.of(new double[] {1.5, 2}, 2);
        try (var using = Dispatch.using(counting)) {
            assertThat(t.toDoubleArray()).containsExactly(1.5, 2);
            assertThat(t.toFloatArray()).containsExactly(1.5f, 2f);
        }
        assertThat(reads).hasValue(2);
    }
}
