package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

class KLTest extends ReferenceScope {
    /** KL(N(mp, sp) || N(mq, sq)) = log(sq / sp) + (sp^2 + (mp - mq)^2) / (2 sq^2) - 1/2. */
    private static double closedForm(double mp, double sp, double mq, double sq) {
        return Math.log(sq / sp) + (sp * sp + (mp - mq) * (mp - mq)) / (2 * sq * sq) - 0.5;
    }

    @Test
    void normalNormalMatchesTheClosedForm() {
        Tensor kl =
                KL.divergence(Normal.of(vec(1, 0, -2), vec(2, 1, 0.5)), Normal.of(vec(0), vec(1)));
        double[] v = kl.toDoubleArray();
        assertThat(v[0]).isCloseTo(1.3068528194400546, within(1e-12));
        assertThat(v[1]).isCloseTo(0.0, within(1e-15));
        assertThat(v[2]).isCloseTo(closedForm(-2, 0.5, 0, 1), within(1e-12));
    }

    @Test
    void independentSumsTheBaseDivergenceOverTheEventDims() {
        Tensor locP = arr(new double[] {1, 0, -2, 3}, 2, 2);
        Tensor scaleP = arr(new double[] {2, 1, 0.5, 1.5}, 2, 2);
        Distribution p = Normal.of(locP, scaleP).toEvent(1);
        Distribution q = Normal.of(locP.zerosLike(), scaleP.onesLike()).toEvent(1);
        Tensor kl = KL.divergence(p, q);
        assertThat(kl.shape()).isEqualTo(Shape.of(2));
        assertThat(kl.toDoubleArray()[0])
                .isCloseTo(closedForm(1, 2, 0, 1) + closedForm(0, 1, 0, 1), within(1e-12));
        assertThat(kl.toDoubleArray()[1])
                .isCloseTo(closedForm(-2, 0.5, 0, 1) + closedForm(3, 1.5, 0, 1), within(1e-12));
    }

    @Test
    void deltaAgainstAnythingIsMinusTheLogDensityOfThePoint() {
        Tensor kl = KL.divergence(Delta.of(vec(0.5)), Normal.of(vec(0), vec(1)));
        assertThat(kl.item()).isCloseTo(0.9189385332046727 + 0.125, within(1e-12));
    }

    @Test
    void anUnregisteredPairNamesBothKinds() {
        assertThatThrownBy(
                        () -> KL.divergence(Bernoulli.probs(vec(0.5)), Normal.of(vec(0), vec(1))))
                .hasMessageContaining("no closed form is registered for Bernoulli || Normal")
                .hasMessageContaining("TraceElbo");
        assertThatThrownBy(
                        () ->
                                KL.divergence(
                                        Normal.of(vec(0), vec(1)).toEvent(1),
                                        Exponential.of(vec(1)).toEvent(1)))
                .hasMessageContaining("Normal || Exponential");
    }
}
