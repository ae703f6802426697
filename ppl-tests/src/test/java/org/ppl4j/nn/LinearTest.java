package org.ppl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

class LinearTest {
    private TensorScope scope;
    private Rng saved;

    @BeforeEach
    void open() {
        saved = PplContext.current().rng();
        PplContext.current().rng(new Rng(7));
        scope = new TensorScope(Backends.get("reference"));
    }

    @AfterEach
    void close() {
        scope.close();
        PplContext.current().rng(saved);
    }

    @Test
    void parametersHavePyTorchsLayoutAndOrder() {
        Linear fc = new Linear(784, 400);
        assertThat(fc.namedParameters()).containsOnlyKeys("weight", "bias");
        assertThat(fc.namedParameters().keySet()).containsExactly("weight", "bias");
        assertThat(fc.weight().shape()).isEqualTo(Shape.of(400, 784));
        assertThat(fc.bias().shape()).isEqualTo(Shape.of(400));
        assertThat(fc.weight().dtype()).isEqualTo(DType.F32);
        assertThat(fc).hasToString("Linear(784, 400)");
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtInAndFillsTheRange() {
        Linear fc = new Linear(100, 300);
        fc.bindDefaults();
        double bound = 1 / Math.sqrt(100);
        float[] w = fc.weight().value().toFloatArray();
        float[] b = fc.bias().value().toFloatArray();
        double max = 0;
        double mean = 0;
        for (float v : w) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
            max = Math.max(max, Math.abs(v));
            mean += v / w.length;
        }
        assertThat(max).isGreaterThan(0.99 * bound);
        assertThat(mean).isCloseTo(0, within(0.01));
        for (float v : b) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
        }
        assertThat(Linear.weightBound(100)).isCloseTo(bound, within(1e-16));
    }

    @Test
    void weightIsDrawnFirstRowMajorThenBias() {
        Linear fc = new Linear(3, 2, true, DType.F64);
        fc.bindDefaults();
        Rng rng = new Rng(7);
        double[] uw = rng.uniforms(6);
        double[] ub = rng.uniforms(2);
        double wb = Linear.weightBound(3);
        double bb = 1 / Math.sqrt(3);
        double[] w = fc.weight().value().toDoubleArray();
        double[] b = fc.bias().value().toDoubleArray();
        for (int i = 0; i < 6; i++) {
            assertThat(w[i]).isEqualTo(-wb + 2 * wb * uw[i]);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(b[i]).isEqualTo(-bb + 2 * bb * ub[i]);
        }
    }

    @Test
    void forwardIsXTimesWTransposedPlusB() {
        Linear fc = new Linear(3, 2, true, DType.F64);
        fc.weight().bind(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        fc.bias().bind(Tensor.of(new double[] {10, 20}, 2));
        Tensor y = fc.forward(Tensor.of(new double[] {1, 0, -1, 2, 1, 0}, 2, 3));
        assertThat(y.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(y.toDoubleArray())
                .containsExactly(1 - 3 + 10, 4 - 6 + 20, 2 + 2 + 10, 8 + 5 + 20);
    }

    @Test
    void usingAnUnboundModuleSaysHowToBindIt() {
        Linear fc = new Linear(3, 2);
        assertThatThrownBy(() -> fc.forward(Tensor.zeros(DType.F32, 1, 3)))
                .hasMessageContaining("parameter 'weight' of Linear(3, 2) is not bound")
                .hasMessageContaining("register the module with module(\"name\", m)")
                .hasMessageContaining("call m.bindDefaults()");
    }

    @Test
    void bindingAValueOfTheWrongShapeIsRefused() {
        Linear fc = new Linear(3, 2);
        assertThatThrownBy(() -> fc.weight().bind(Tensor.zeros(DType.F32, 3, 2)))
                .hasMessageContaining(
                        "parameter 'weight' of Linear(3, 2) is float32[2, 3] but bind got"
                                + " float32[3, 2]");
    }

    @Test
    void sequentialNamesParamsByIndexAndBindsThroughAStore() {
        Sequential net = new Sequential(new Linear(4, 3), new Softplus(), new Linear(3, 2));
        assertThat(net.namedParameters().keySet())
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        try (var store = new ParamStore()) {
            net.bind(store, "decoder");
            assertThat(store.names())
                    .containsExactly(
                            "decoder.0.weight",
                            "decoder.0.bias",
                            "decoder.2.weight",
                            "decoder.2.bias");
            Tensor y = net.forward(Tensor.ones(DType.F32, 5, 4));
            assertThat(y.shape()).isEqualTo(Shape.of(5, 2));
            assertThat(net.namedParameters().get("2.bias").value())
                    .isSameAs(store.unconstrained("decoder.2.bias"));
        }
    }

    @Test
    void nestedModulesUseDottedNames() {
        class Encoder extends Module {
            final Linear fc1 = submodule("fc1", new Linear(4, 3));
            final Linear fc21 = submodule("fc21", new Linear(3, 2));
        }
        Encoder e = new Encoder();
        assertThat(e.namedParameters().keySet())
                .containsExactly("fc1.weight", "fc1.bias", "fc21.weight", "fc21.bias");
        assertThat(e.namedChildren()).containsOnlyKeys("fc1", "fc21");
    }

    @Test
    void forwardTakesAnyLeadingDimsAsPyTorch() {
        Linear fc = new Linear(3, 2, true, DType.F64);
        fc.weight().bind(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        fc.bias().bind(Tensor.of(new double[] {10, 20}, 2));
        double[] rows = {1, 0, -1, 2, 1, 0, 0, 0, 1, 1, 1, 1};
        Tensor y = fc.forward(Tensor.of(rows, 2, 2, 3));
        assertThat(y.shape()).isEqualTo(Shape.of(2, 2, 2));
        assertThat(y.toDoubleArray()).containsExactly(8, 18, 14, 33, 13, 26, 16, 35);
        Tensor v = fc.forward(Tensor.of(new double[] {1, 0, -1}, 3));
        assertThat(v.shape()).isEqualTo(Shape.of(2));
        assertThat(v.toDoubleArray()).containsExactly(8, 18);
        assertThatThrownBy(() -> fc.forward(Tensor.zeros(DType.F64, 4, 2)))
                .hasMessageContaining("linear: input of shape [4, 2] must have shape [..., 3]");
    }

    @Test
    void aParameterWhoseStepScopeClosedSaysHowToRebindIt() {
        Linear fc = new Linear(3, 2);
        try (var step = new TensorScope()) {
            fc.bindDefaults();
        }
        assertThatThrownBy(() -> fc.forward(Tensor.zeros(DType.F32, 1, 3)))
                .hasMessageContaining("parameter 'weight' of Linear(3, 2)")
                .hasMessageContaining("released")
                .hasMessageContaining("module(\"name\", m)")
                .hasMessageContaining("m.bind(store, prefix)");
    }
}
