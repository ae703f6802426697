package org.ppl4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

class AdamTest {
    private static final double[] W0 = {1.0, -2.0};
    private static final double[] G1 = {0.5, -0.1};
    private static final double[] G2 = {0.3, 0.2};

    @Test
    void twoStepsMatchTheHandComputedUpdateInFloat64() {
        try (var f = new OptimizerFixture(W0, false);
                var adam = new Adam(0.1)) {
            // Step 1: m^ = g and v^ = g^2, so w -= 0.1 * g / (|g| + 1e-8).
            assertThat(f.step(adam, G1, false)).containsExactly(0.900000002, -1.900000009999999);
            // Step 2: m = 0.9 * 0.05 + 0.1 * 0.3 = 0.075, v = 0.999 * 0.00025 + 0.001 * 0.09,
            // w -= 0.1 / 0.19 * m / (sqrt(v) / sqrt(1 - 0.999^2) + 1e-8) (Python, float64).
            assertThat(f.step(adam, G2, false))
                    .containsExactly(0.8042509867088761, -1.9366103603884888);
            assertThat(adam.stepCount("w")).isEqualTo(2);
        }
    }

    @Test
    void float32UpdatesRoundEveryOpAndScalarToFloat32() {
        try (var f = new OptimizerFixture(W0, true);
                var adam = new Adam(0.1)) {
            float[] w = {1f, -2f};
            float[] m = new float[2];
            float[] v = new float[2];
            double[][] gs = {G1, G2};
            for (int t = 1; t <= 2; t++) {
                double stepSize = 0.1 / (1 - StrictMath.pow(0.9, t));
                double bc2Sqrt = StrictMath.sqrt(1 - StrictMath.pow(0.999, t));
                for (int i = 0; i < 2; i++) {
                    float g = (float) gs[t - 1][i];
                    m[i] = m[i] * 0.9f + (float) (1 - 0.9) * g;
                    v[i] = v[i] * 0.999f + ((float) (1 - 0.999) * g) * g;
                    float denom = (float) Math.sqrt(v[i]) / (float) bc2Sqrt + 1e-8f;
                    w[i] = w[i] - m[i] * (float) stepSize / denom;
                }
                double[] got = f.step(adam, gs[t - 1], true);
                assertThat(got).containsExactly(w[0], w[1]);
            }
        }
    }

    @Test
    void weightDecayAddsDecayTimesWeightToTheGradient() {
        try (var a = new OptimizerFixture(W0, false);
                var b = new OptimizerFixture(W0, false);
                var decayed = new Adam(0.1, 0.9, 0.999, 1e-8, 0.5);
                var plain = new Adam(0.1)) {
            double[] g = {G1[0] + 0.5 * W0[0], G1[1] + 0.5 * W0[1]};
            assertThat(a.step(decayed, G1, false)).containsExactly(b.step(plain, g, false));
        }
    }

    @Test
    void stepsDoNotLeakMemory() {
        try (var f = new OptimizerFixture(W0, false);
                var adam = new Adam(0.1)) {
            f.step(adam, G1, false);
            long live = f.backend.liveHandles();
            for (int i = 0; i < 5; i++) {
                f.step(adam, G2, false);
            }
            assertThat(f.backend.liveHandles()).isEqualTo(live);
        }
    }

    @Test
    void gradientsMustMatchTheirParam() {
        try (var f = new OptimizerFixture(W0, false);
                var adam = new Adam(0.1)) {
            try (var s = new TensorScope(f.backend)) {
                Tensor g3 = Tensor.of(new double[] {1, 2, 3}, 3);
                assertThatThrownBy(() -> adam.step(f.store, Map.of("w", g3)))
                        .hasMessageContaining(
                                "Adam.step: the gradient of param 'w' is float64[3] but the param"
                                        + " is float64[2]");
                assertThatThrownBy(() -> adam.step(f.store, Map.of("v", g3)))
                        .hasMessageContaining("Adam.step: no param 'v' in the store to update");
            }
        }
    }

    @Test
    void badHyperparametersAreRefused() {
        assertThatThrownBy(() -> new Adam(0.1, 1.0, 0.999, 1e-8, 0))
                .hasMessageContaining("Adam: invalid beta parameter at index 0: 1.0");
        assertThatThrownBy(() -> new Adam(-1))
                .hasMessageContaining("Adam: invalid learning rate -1.0");
    }
}
