package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;

/** Gamma and Beta: densities, moments, shapes, validation and KL against closed forms by hand. */
class GammaBetaTest extends ReferenceScope {
    private static final double LN3 = Math.log(3);

    @Test
    void gammaMatchesItsDensityIncludingAtZero() {
        Gamma g = Gamma.of(vec(2, 1, 0.5), vec(3, 2, 1));
        // Gamma(2, 3) at 0.5: 2 ln 3 + ln 0.5 - 1.5 - lgamma(2); Gamma(1, 2) at 0: ln 2 (xlogy);
        // Gamma(1/2, 1) at 2: -ln 2 / 2 - 2 - lgamma(1/2), lgamma(1/2) = ln sqrt(pi)
        assertValues(
                g.logProb(vec(0.5, 0, 2)),
                2 * LN3 + Math.log(0.5) - 1.5,
                Math.log(2),
                -0.5 * Math.log(2) - 2 - 0.5 * Math.log(Math.PI));
        assertValues(g.mean(), 2.0 / 3, 0.5, 0.5);
        assertValues(g.variance(), 2.0 / 9, 0.25, 0.5);
        assertThat(g.support()).isEqualTo(Constraints.nonnegative());
    }

    @Test
    void betaMatchesItsDensityIncludingAtTheEnds() {
        Beta b = Beta.of(vec(2, 1, 0.5), vec(3, 1, 0.5));
        // B(2, 3) = 1/12: 12 * 0.4 * 0.6^2; Beta(1, 1) is flat; Beta(1/2, 1/2) is arcsine
        assertValues(
                b.logProb(vec(0.4, 0, 0.25)),
                Math.log(12 * 0.4 * 0.36),
                0,
                -Math.log(Math.PI * Math.sqrt(0.25 * 0.75)));
        assertValues(b.mean(), 0.4, 0.5, 0.5);
        assertValues(b.variance(), 6.0 / (25 * 6), 1.0 / 12, 0.125);
        assertThat(b.support()).isEqualTo(Constraints.unitInterval());
    }

    @Test
    void shapesFollowSampleBatchEvent() {
        Gamma g = Gamma.of(arr(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), scalar(1));
        assertThat(g.sample(4).shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(g.toEvent(1).logProb(g.sample(4)).shape()).isEqualTo(Shape.of(4, 2));
        Beta b = Beta.of(vec(1, 2, 3), scalar(2)).expand(5, 3);
        assertThat(b.batchShape()).isEqualTo(Shape.of(5, 3));
        assertThat(b.rsample().shape()).isEqualTo(Shape.of(5, 3));
        assertThat(b.concentration0().shape()).isEqualTo(Shape.of(5, 3));
    }

    @Test
    void badParametersAndValuesFailNamingTheArgument() {
        assertThatThrownBy(() -> Gamma.of(vec(1, -1), vec(1, 1)))
                .hasMessageContaining("Gamma argument 'concentration' has 1 of 2 entries <= 0");
        assertThatThrownBy(() -> Gamma.of(vec(1), vec(0)))
                .hasMessageContaining("Gamma argument 'rate' has 1 of 1 entries <= 0");
        assertThatThrownBy(() -> Beta.of(vec(Double.NaN), vec(1)))
                .hasMessageContaining("Beta argument 'concentration1' has 1 of 1 entries");
        assertThatThrownBy(() -> Beta.of(vec(1), vec(2)).logProb(vec(1.5)))
                .hasMessageContaining("Beta argument 'value' has 1 of 1 entries outside [0, 1]");
        assertThatThrownBy(() -> Gamma.of(vec(1), vec(2)).logProb(vec(-1)))
                .hasMessageContaining("Gamma argument 'value' has 1 of 1 entries < 0");
        assertThat(Beta.of(vec(1), vec(2)).withValidation(false).logProb(vec(1.5)).item()).isNaN();
    }

    /** KL(p || q) = int p log(p / q), by Simpson's rule on the log-densities. */
    private static double numericKl(Distribution p, Distribution q, double lo, double hi) {
        int n = 20_000;
        double[] x = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            x[i] = lo + (hi - lo) * i / n;
        }
        Tensor t = vec(x);
        double[] lp = p.logProb(t).toDoubleArray();
        double[] lq = q.logProb(t).toDoubleArray();
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double f = lp[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(lp[i]) * (lp[i] - lq[i]);
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return sum * (hi - lo) / n / 3;
    }

    @Test
    void klDivergencesEqualTheIntegralOfTheLogRatio() {
        Beta bp = Beta.of(scalar(2.5), scalar(3));
        Beta bq = Beta.of(scalar(4), scalar(1.5));
        assertThat(KL.isRegistered(bp, bq)).isTrue();
        assertThat(KL.divergence(bp, bq).item()).isCloseTo(numericKl(bp, bq, 0, 1), within(1e-9));
        Gamma gp = Gamma.of(scalar(3), scalar(2));
        Gamma gq = Gamma.of(scalar(1.5), scalar(0.5));
        // q's sqrt(x) factor slows Simpson's rule at 0: 2e-9 off here
        assertThat(KL.divergence(gp, gq).item()).isCloseTo(numericKl(gp, gq, 0, 40), within(1e-8));
        assertThat(KL.divergence(gp, gp).item()).isCloseTo(0, within(1e-14));
        Tensor batched =
                KL.divergence(Beta.of(vec(2, 3), scalar(3)).toEvent(1), bq.expand(2).toEvent(1));
        assertThat(batched.shape()).isEqualTo(Shape.scalar());
        double separate =
                KL.divergence(Beta.of(scalar(2), scalar(3)), bq).item()
                        + KL.divergence(Beta.of(scalar(3), scalar(3)), bq).item();
        assertThat(batched.item()).isCloseTo(separate, within(1e-12));
    }

    @Test
    void rsampleGradientsAreUnbiasedForTheMeansDerivative() {
        // d E[x] / d c1 for Beta(c1, c0) is c0 / (c1 + c0)^2; for Gamma(c, r), dE/dc = 1 / r and
        // dE/dr = -c / r^2. Ten batches of 2500 draws give the mean and its standard error.
        int batches = 10;
        int n = 2500;
        double[][] g = new double[4][batches];
        for (int b = 0; b < batches; b++) {
            Tensor c1 = scalar(0.7).requiringGrad();
            Tensor c0 = scalar(2).requiringGrad();
            Tensor x = Beta.of(c1, c0).rsample(n).mean();
            List<Tensor> gb = Autodiff.grad(x, List.of(c1, c0), false);
            Tensor c = scalar(2.5).requiringGrad();
            Tensor r = scalar(2).requiringGrad();
            List<Tensor> gg = Autodiff.grad(Gamma.of(c, r).rsample(n).mean(), List.of(c, r), false);
            g[0][b] = gb.get(0).item();
            g[1][b] = gb.get(1).item();
            g[2][b] = gg.get(0).item();
            g[3][b] = gg.get(1).item();
        }
        double[] want = {2 / (2.7 * 2.7), -0.7 / (2.7 * 2.7), 0.5, -2.5 / 4};
        for (int k = 0; k < 4; k++) {
            double m = java.util.Arrays.stream(g[k]).average().orElseThrow();
            double var =
                    java.util.Arrays.stream(g[k]).map(v -> (v - m) * (v - m)).sum() / (batches - 1);
            double se = Math.sqrt(var / batches);
            assertThat(se).as("standard error %d", k).isLessThan(0.05 * Math.abs(want[k]));
            assertThat(m).as("gradient %d", k).isCloseTo(want[k], within(4 * se));
        }
    }
}
