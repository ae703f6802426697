package org.ppl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

class ActivationTest {
    @Test
    void reluIsZeroWithZeroGradientAtAndBelowZeroAndKeepsNaN() {
        try (var s = new TensorScope(Backends.get("reference"))) {
            Tensor x = Tensor.of(new double[] {-2, 0, 3, Double.NaN}, 4).requiringGrad();
            Tensor y = new ReLU().forward(x);
            double[] v = y.toDoubleArray();
            assertThat(v[0]).isEqualTo(0.0);
            assertThat(v[1]).isEqualTo(0.0);
            assertThat(v[2]).isEqualTo(3.0);
            assertThat(v[3]).isNaN();
            Tensor g = Autodiff.grad(y.narrow(0, 0, 3).sum(), x);
            assertThat(g.toDoubleArray()).containsExactly(0, 0, 1, 0);
        }
    }

    @Test
    void smoothActivationsMatchTheirFormulas() {
        try (var s = new TensorScope(Backends.get("reference"))) {
            Tensor x = Tensor.of(new double[] {-1.5, 0.25, 30}, 3);
            double[] sp = new Softplus().forward(x).toDoubleArray();
            double[] sg = new Sigmoid().forward(x).toDoubleArray();
            double[] th = new Tanh().forward(x).toDoubleArray();
            double[] in = {-1.5, 0.25, 30};
            for (int i = 0; i < 3; i++) {
                double softplus = in[i] > 20 ? in[i] : Math.log1p(Math.exp(in[i]));
                assertThat(sp[i]).isCloseTo(softplus, within(1e-15));
                assertThat(sg[i]).isCloseTo(1 / (1 + Math.exp(-in[i])), within(1e-15));
                assertThat(th[i]).isCloseTo(Math.tanh(in[i]), within(1e-15));
            }
        }
    }

    @Test
    void layersCompose() {
        try (var s = new TensorScope(Backends.get("reference"))) {
            Layer f = new Tanh().andThen(x -> x.mul(2.0)).andThen(new ReLU());
            double[] y = f.forward(Tensor.of(new double[] {-1, 1}, 2)).toDoubleArray();
            assertThat(y[0]).isEqualTo(0.0);
            assertThat(y[1]).isCloseTo(2 * Math.tanh(1), within(1e-15));
        }
    }
}
