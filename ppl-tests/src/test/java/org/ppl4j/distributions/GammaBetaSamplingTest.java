package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ppl4j.distributions.LawChecks.assertLaw;
import static org.ppl4j.distributions.LawChecks.assertMoments;
import static org.ppl4j.distributions.LawChecks.draw;
import static org.ppl4j.distributions.LawChecks.lawBackend;

import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.internal.math.SpecialMath;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.TensorScope;

/**
 * Gamma and Beta draws: the law (moments and a Kolmogorov-Smirnov test of 10^5 draws at fixed
 * seeds, on one backend) and the Marsaglia-Tsang rejection rate behind {@link
 * StandardGamma#ROUNDS}. That every backend gives the same draws is the kit's {@code
 * GammaBetaDrawsTest}.
 */
class GammaBetaSamplingTest {
    /** P(a, x) = x^a e^-x / Gamma(a + 1) sum_k x^k / ((a+1)...(a+k)), for the x a test sees. */
    private static double gammaCdf(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        double term = 1;
        double sum = 1;
        for (int k = 1; term > 1e-17 * sum; k++) {
            term *= x / (a + k);
            sum += term;
        }
        return Math.exp(a * Math.log(x) - x - SpecialMath.lgamma(a + 1)) * sum;
    }

    /** I_x(a, b) for integer a, b: the binomial tail sum_(j >= a) C(n, j) x^j (1-x)^(n-j). */
    static double betaCdfIntegers(int a, int b, double x) {
        int n = a + b - 1;
        double sum = 0;
        for (int j = a; j <= n; j++) {
            double logC =
                    SpecialMath.lgamma(n + 1)
                            - SpecialMath.lgamma(j + 1)
                            - SpecialMath.lgamma(n - j + 1);
            sum += Math.exp(logC) * Math.pow(x, j) * Math.pow(1 - x, n - j);
        }
        return sum;
    }

    @Test
    void drawsFollowTheirLawByMomentsAndKolmogorovSmirnov() {
        Rng saved = PplContext.current().rng();
        try (var scope = new TensorScope(lawBackend())) {
            for (double a : new double[] {0.3, 4.5}) {
                Gamma g = Gamma.of(a, 2.0, DType.F64);
                double[] x = draw(g, 100 + (long) (10 * a));
                assertMoments(x, a / 2, a / 4);
                assertLaw("Gamma(" + a + ", 2)", x, v -> gammaCdf(a, 2 * v));
            }
            double[] arcsine = draw(Beta.of(0.5, 0.5, DType.F64), 7);
            assertMoments(arcsine, 0.5, 0.125);
            assertLaw("Beta(0.5, 0.5)", arcsine, v -> 2 / Math.PI * Math.asin(Math.sqrt(v)));
            double[] b25 = draw(Beta.of(2, 5, DType.F64), 8);
            assertMoments(b25, 2.0 / 7, 10.0 / (49 * 8));
            assertLaw("Beta(2, 5)", b25, v -> betaCdfIntegers(2, 5, v));
        } finally {
            PplContext.current().rng(saved);
        }
    }

    /**
     * The rejection probability of one Marsaglia-Tsang proposal, {@code 1 - int phi(z) exp(h(z))
     * dz}, by Simpson's rule, is at most 0.0484 over alpha >= 1 (largest at 1), so all ROUNDS
     * proposals fail with probability below 2e-16.
     */
    @Test
    void allProposalsAreRejectedWithNegligibleProbability() {
        double worst = 0;
        for (double a : new double[] {1, 1.1, 1.5, 2, 5, 50}) {
            double d = a - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            double lo = -1 / c;
            double hi = 12;
            int n = 200_000;
            double sum = 0;
            for (int i = 0; i <= n; i++) {
                double z = lo + (hi - lo) * i / n;
                double v = Math.pow(1 + c * z, 3);
                double h =
                        v <= 0
                                ? Double.NEGATIVE_INFINITY
                                : 0.5 * z * z + d - d * v + d * Math.log(v);
                double f = Math.exp(-0.5 * z * z + h) / Math.sqrt(2 * Math.PI);
                sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
            }
            worst = Math.max(worst, 1 - sum * (hi - lo) / n / 3);
        }
        assertThat(worst).isBetween(0.04, 0.0484);
        assertThat(Math.pow(worst, StandardGamma.ROUNDS)).isLessThan(2e-16);
    }
}
