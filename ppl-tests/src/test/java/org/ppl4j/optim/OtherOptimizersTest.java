package org.ppl4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each optimizer against its PyTorch/Pyro formula written out in scalar float64 code. */
class OtherOptimizersTest {
    private static final double[] W0 = {1.0, -2.0};
    private static final double[][] GS = {{0.5, -30}, {0.3, 0.2}, {-0.7, 0.1}};

    private static void assertSteps(Optimizer opt, double[][] expected) {
        try (var f = new OptimizerFixture(W0, false);
                opt) {
            for (int t = 0; t < GS.length; t++) {
                double[] got = f.step(opt, GS[t], false);
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i])
                            .as("step %d, entry %d", t + 1, i)
                            .isCloseTo(expected[t][i], within(1e-14));
                }
            }
        }
    }

    @Test
    void clippedAdamClampsGradientsAndDecaysTheLearningRate() {
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, clip = 1.0, lrd = 0.5;
        double[][] expected = new double[GS.length][];
        for (int i = 0; i < 2; i++) {
            double w = W0[i], m = 0, v = 0, rate = lr;
            for (int t = 1; t <= GS.length; t++) {
                rate *= lrd;
                double g = Math.max(-clip, Math.min(clip, GS[t - 1][i]));
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                double stepSize = rate * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                w = w - stepSize * m / (Math.sqrt(v) + eps);
                if (expected[t - 1] == null) {
                    expected[t - 1] = new double[2];
                }
                expected[t - 1][i] = w;
            }
        }
        ClippedAdam opt = new ClippedAdam(lr, b1, b2, eps, 0, clip, lrd);
        assertSteps(opt, expected);
    }

    @Test
    void clippedAdamLearningRateDecaysOncePerStep() {
        try (var f = new OptimizerFixture(W0, false);
                var opt = new ClippedAdam(0.1, 0.9, 0.999, 1e-8, 0, 10, 0.9)) {
            f.step(opt, GS[0], false);
            f.step(opt, GS[1], false);
            assertThat(opt.lr("w")).isEqualTo(0.1 * 0.9 * 0.9);
        }
    }

    private static double[][] sgd(double lr, double mom, double damp, double wd, boolean nesterov) {
        double[][] out = new double[GS.length][2];
        for (int i = 0; i < 2; i++) {
            double w = W0[i], buf = 0;
            for (int t = 0; t < GS.length; t++) {
                double d = GS[t][i] + wd * w;
                if (mom != 0) {
                    buf = t == 0 ? d : mom * buf + (1 - damp) * d;
                    d = nesterov ? d + mom * buf : buf;
                }
                w = w - lr * d;
                out[t][i] = w;
            }
        }
        return out;
    }

    @Test
    void sgdPlainMomentumDampeningNesterovAndWeightDecay() {
        assertSteps(new Sgd(0.1), sgd(0.1, 0, 0, 0, false));
        assertSteps(new Sgd(0.1, 0.9, 0.3, 0.01, false), sgd(0.1, 0.9, 0.3, 0.01, false));
        assertSteps(new Sgd(0.1, 0.9, 0, 0.01, true), sgd(0.1, 0.9, 0, 0.01, true));
    }

    @Test
    void sgdNesterovNeedsMomentumAndNoDampening() {
        assertThatThrownBy(() -> new Sgd(0.1, 0.9, 0.1, 0, true))
                .hasMessageContaining(
                        "Sgd: Nesterov momentum requires a momentum > 0 and zero dampening");
    }

    private static double[][] rmsprop(
            double lr, double alpha, double eps, double wd, double mom, boolean centered) {
        double[][] out = new double[GS.length][2];
        for (int i = 0; i < 2; i++) {
            double w = W0[i], sq = 0, ga = 0, buf = 0;
            for (int t = 0; t < GS.length; t++) {
                double g = GS[t][i] + wd * w;
                sq = alpha * sq + (1 - alpha) * g * g;
                double avg;
                if (centered) {
                    ga = alpha * ga + (1 - alpha) * g;
                    avg = Math.sqrt(sq - ga * ga) + eps;
                } else {
                    avg = Math.sqrt(sq) + eps;
                }
                if (mom > 0) {
                    buf = mom * buf + g / avg;
                    w = w - lr * buf;
                } else {
                    w = w - lr * g / avg;
                }
                out[t][i] = w;
            }
        }
        return out;
    }

    @Test
    void rmsPropPlainAndCenteredWithMomentum() {
        assertSteps(new RmsProp(0.01), rmsprop(0.01, 0.99, 1e-8, 0, 0, false));
        assertSteps(
                new RmsProp(0.01, 0.9, 1e-6, 0.1, 0.5, true),
                rmsprop(0.01, 0.9, 1e-6, 0.1, 0.5, true));
    }

    @Test
    void adagradWithLearningRateDecayAndInitialAccumulator() {
        double lr = 0.1, decay = 0.5, wd = 0.1, init = 0.2, eps = 1e-10;
        double[][] out = new double[GS.length][2];
        for (int i = 0; i < 2; i++) {
            double w = W0[i], sum = init;
            for (int t = 1; t <= GS.length; t++) {
                double g = GS[t - 1][i] + wd * w;
                double clr = lr / (1 + (t - 1) * decay);
                sum = sum + g * g;
                w = w - clr * g / (Math.sqrt(sum) + eps);
                out[t - 1][i] = w;
            }
        }
        assertSteps(new Adagrad(lr, decay, wd, init, eps), out);
    }
}
