package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.distributions.LawChecks.assertCountLaw;
import static org.ppl4j.distributions.LawChecks.assertMoments;
import static org.ppl4j.distributions.LawChecks.draw;
import static org.ppl4j.distributions.LawChecks.lawBackend;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.internal.math.SpecialMath;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Poisson, Binomial, Geometric, Dirichlet and OneHotCategorical draws: the law (moments and a
 * Kolmogorov-Smirnov test of 10^5 draws at fixed seeds, on one backend) on both sides of the
 * inversion / rejection switch of {@code CountSampler} and the draws' shapes (the same counts on
 * every backend are the kit's {@code CountDrawsTest}).
 */
class CountSamplingTest {
    private static double poissonCdf(double rate, int k) {
        double sum = 0;
        for (int j = 0; j <= k; j++) {
            sum += Math.exp(j * Math.log(rate) - rate - SpecialMath.lgamma(j + 1));
        }
        return sum;
    }

    private static double binomialCdf(int n, double p, int k) {
        double sum = 0;
        for (int j = 0; j <= k; j++) {
            double logC =
                    SpecialMath.lgamma(n + 1)
                            - SpecialMath.lgamma(j + 1)
                            - SpecialMath.lgamma(n - j + 1);
            sum += Math.exp(logC + j * Math.log(p) + (n - j) * Math.log1p(-p));
        }
        return sum;
    }

    @Test
    void poissonDrawsFollowTheLawByInversionAndByRejection() {
        Rng saved = PplContext.current().rng();
        try (var scope = new TensorScope(lawBackend())) {
            for (double rate : new double[] {0.7, 4.0, 9.5, 10.0, 25.0, 300.0}) {
                double[] x = draw(Poisson.of(rate, DType.F64), 40 + (long) rate);
                assertMoments(x, rate, rate);
                assertCountLaw("Poisson(" + rate + ")", x, k -> poissonCdf(rate, k));
            }
        } finally {
            PplContext.current().rng(saved);
        }
    }

    @Test
    void binomialDrawsFollowTheLawOnBothSidesAndMirrored() {
        Rng saved = PplContext.current().rng();
        try (var scope = new TensorScope(lawBackend())) {
            int[] ns = {20, 200, 50, 1000, 7};
            double[] ps = {0.3, 0.4, 0.9, 0.7, 0.5};
            for (int i = 0; i < ns.length; i++) {
                int n = ns[i];
                double p = ps[i];
                double[] x = draw(Binomial.of(n, p, DType.F64), 60 + i);
                assertMoments(x, n * p, n * p * (1 - p));
                assertCountLaw("Binomial(" + n + ", " + p + ")", x, k -> binomialCdf(n, p, k));
                assertThat(Arrays.stream(x).max().orElseThrow()).isLessThanOrEqualTo(n);
            }
        } finally {
            PplContext.current().rng(saved);
        }
    }

    @Test
    void geometricDrawsFollowTheLaw() {
        Rng saved = PplContext.current().rng();
        try (var scope = new TensorScope(lawBackend())) {
            for (double p : new double[] {0.2, 0.9}) {
                double[] x = draw(Geometric.probs(p, DType.F64), 80 + (long) (10 * p));
                assertMoments(x, (1 - p) / p, (1 - p) / (p * p));
                assertCountLaw("Geometric(" + p + ")", x, k -> 1 - Math.pow(1 - p, k + 1));
            }
        } finally {
            PplContext.current().rng(saved);
        }
    }

    /**
     * A Dirichlet's first coordinate is Beta(c0, sum - c0); the one-hot classes keep their odds.
     */
    @Test
    void dirichletAndOneHotDrawsFollowTheirLaws() {
        Rng saved = PplContext.current().rng();
        try (var scope = new TensorScope(lawBackend())) {
            PplContext.current().rng(new Rng(91));
            Tensor d = Dirichlet.of(new double[] {2, 3, 5}, DType.F64).sample(LawChecks.N);
            assertThat(d.shape()).isEqualTo(Shape.of(LawChecks.N, 3));
            double[] all = d.toDoubleArray();
            double[] first = new double[LawChecks.N];
            for (int i = 0; i < first.length; i++) {
                first[i] = all[3 * i];
                double sum = all[3 * i] + all[3 * i + 1] + all[3 * i + 2];
                assertThat(sum).isCloseTo(1.0, within(1e-12));
            }
            assertMoments(first, 0.2, 0.2 * 0.8 / 11);
            LawChecks.assertLaw(
                    "Dirichlet(2, 3, 5)[0]",
                    first,
                    v -> GammaBetaSamplingTest.betaCdfIntegers(2, 8, v));

            PplContext.current().rng(new Rng(92));
            double[] probs = {0.2, 0.3, 0.5};
            Tensor oh = OneHotCategorical.probs(Tensor.of(probs, DType.F64, 3)).sample(LawChecks.N);
            double[] flat = oh.toDoubleArray();
            double[] counts = new double[3];
            for (int i = 0; i < LawChecks.N; i++) {
                double rowSum = 0;
                for (int k = 0; k < 3; k++) {
                    counts[k] += flat[3 * i + k];
                    rowSum += flat[3 * i + k];
                }
                assertThat(rowSum).isEqualTo(1.0);
            }
            for (int k = 0; k < 3; k++) {
                double se = Math.sqrt(probs[k] * (1 - probs[k]) / LawChecks.N);
                assertThat(counts[k] / LawChecks.N).isCloseTo(probs[k], within(5 * se));
            }
        } finally {
            PplContext.current().rng(saved);
        }
    }

    @Test
    void drawsHaveTheSampleBatchAndEventShape() {
        try (var scope = new TensorScope(lawBackend())) {
            Tensor rates = Tensor.of(new double[] {0.5, 40}, DType.F32, 2);
            assertThat(Poisson.of(rates).sample(3).shape()).isEqualTo(Shape.of(3, 2));
            Tensor conc = Tensor.ones(DType.F32, 4, 3);
            Dirichlet dir = Dirichlet.of(conc);
            assertThat(dir.batchShape()).isEqualTo(Shape.of(4));
            assertThat(dir.eventShape()).isEqualTo(Shape.of(3));
            assertThat(dir.sample(2).shape()).isEqualTo(Shape.of(2, 4, 3));
            assertThat(dir.expand(5, 4).sample().shape()).isEqualTo(Shape.of(5, 4, 3));
            OneHotCategorical oh = OneHotCategorical.logits(Tensor.zeros(DType.F32, 4, 6));
            assertThat(oh.sample(2).shape()).isEqualTo(Shape.of(2, 4, 6));
            assertThat(oh.logProb(oh.sample()).shape()).isEqualTo(Shape.of(4));
            Binomial b =
                    Binomial.of(
                            Tensor.scalar(10, DType.F32), Tensor.full(Shape.of(3), 0.5, DType.F32));
            assertThat(b.sample(7).shape()).isEqualTo(Shape.of(7, 3));
        }
    }
}
