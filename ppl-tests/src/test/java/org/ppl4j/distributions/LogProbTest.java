package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.ppl4j.tensor.Tensor;

/** Log-densities against closed forms evaluated by hand (constants to 16 digits). */
class LogProbTest extends ReferenceScope {
    private static final double LOG_SQRT_2PI = 0.9189385332046727;
    private static final double LN2 = 0.6931471805599453;

    @Test
    void normalMatchesTheGaussianDensity() {
        Normal d = Normal.of(vec(0, 1), vec(1, 2));
        // N(0,1) at 0; N(1,2) at 2: -1/8 - ln 2 - ln sqrt(2 pi)
        assertValues(d.logProb(vec(0, 2)), -LOG_SQRT_2PI, -0.125 - LN2 - LOG_SQRT_2PI);
    }

    @Test
    void bernoulliProbsAndLogitsAgree() {
        Tensor p = vec(0.3, 0.3);
        Tensor x = vec(1, 0);
        double[] expected = {Math.log(0.3), Math.log(0.7)};
        assertValues(Bernoulli.probs(p).logProb(x), expected);
        assertValues(
                Bernoulli.logits(vec(-0.8472978603872037, -0.8472978603872037)).logProb(x),
                expected);
    }

    @Test
    void bernoulliAtProbabilitiesZeroAndOneStaysFinite() {
        Tensor lp = Bernoulli.probs(vec(0, 1, 0, 1)).logProb(vec(0, 1, 1, 0));
        double logEps = Math.log(Math.ulp(1.0)); // p clamped to [eps, 1 - eps]
        double[] v = lp.toDoubleArray();
        assertThat(v[0]).isCloseTo(0.0, within(1e-15));
        assertThat(v[1]).isCloseTo(0.0, within(1e-15));
        assertThat(v[2]).isCloseTo(logEps, within(1e-9));
        assertThat(v[3]).isCloseTo(logEps, within(1e-9));
        Tensor extreme = Bernoulli.logits(vec(-1000, 1000)).logProb(vec(1, 0));
        assertValues(extreme, -1000, -1000);
    }

    @Test
    void bernoulliAcceptsGreyLevelTargetsWithValidationOff() {
        Tensor lp = Bernoulli.probs(vec(0.8)).withValidation(false).logProb(vec(0.25));
        assertValues(lp, 0.25 * Math.log(0.8) + 0.75 * Math.log(0.2));
    }

    @Test
    void categoricalPicksTheNormalizedLogProbability() {
        Categorical byProbs = Categorical.probs(arr(new double[] {2, 3, 5, 1, 1, 2}, 2, 3));
        assertValues(byProbs.logProb(vec(2, 0)), Math.log(0.5), Math.log(0.25));
        Categorical byLogits = Categorical.logits(vec(Math.log(2), Math.log(3), Math.log(5)));
        assertValues(byLogits.logProb(vec(0, 1, 2)), Math.log(0.2), Math.log(0.3), Math.log(0.5));
    }

    @Test
    void categoricalWithAZeroProbabilityClassStaysFiniteElsewhere() {
        Categorical c = Categorical.logits(vec(0, Double.NEGATIVE_INFINITY));
        assertValues(c.logProb(vec(0)), 0.0);
    }

    @Test
    void uniformIsFlatInsideAndMinusInfinityOutside() {
        Uniform u = Uniform.of(scalar(1), scalar(3));
        assertValues(u.logProb(vec(2)), -LN2);
        assertThat(u.withValidation(false).logProb(vec(3.5)).item())
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertValues(u.mean(), 2.0);
        assertValues(u.variance(), 4.0 / 12);
    }

    @Test
    void exponentialMatchesItsDensity() {
        Exponential e = Exponential.of(vec(2));
        assertValues(e.logProb(vec(1.5)), LN2 - 3);
        assertValues(e.mean(), 0.5);
        assertValues(e.variance(), 0.25);
    }

    @Test
    void logNormalIsTheNormalOfTheLogMinusTheJacobian() {
        LogNormal d = LogNormal.of(vec(0), vec(1));
        assertValues(d.logProb(vec(2)), -LOG_SQRT_2PI - LN2 * LN2 / 2 - LN2);
        assertValues(d.mean(), Math.exp(0.5));
        assertValues(d.variance(), Math.expm1(1) * Math.exp(1));
    }

    @Test
    void deltaHasLogDensityAtItsPointAndMinusInfinityElsewhere() {
        Delta d = Delta.of(vec(1, 2), scalar(-0.5).reshape(), 1);
        assertValues(d.logProb(vec(1, 2)), -0.5);
        assertThat(d.logProb(vec(1, 3)).item()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void independentSumsTheReinterpretedDims() {
        Independent d = Normal.of(vec(0, 1), vec(1, 2)).toEvent(1);
        assertValues(d.logProb(vec(0, 2)), -LOG_SQRT_2PI + (-0.125 - LN2 - LOG_SQRT_2PI));
    }
}
