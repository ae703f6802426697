package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.distributions.LawChecks.N;
import static org.ppl4j.distributions.LawChecks.lawBackend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Draws of the multivariate normals: means and covariances of 10^5 draws at a fixed seed (on one
 * backend), and the same draws from the same seed on every backend.
 *
 * <p>A sample mean must be within 5 standard errors {@code sqrt(S_ii / N)} and a sample covariance
 * within 5 of {@code sqrt((S_ii S_jj + S_ij^2) / N)}, its standard error for normal draws: at a
 * fixed seed the test passes or fails the same way on every run, and a wrong factor (a transpose, a
 * missing diagonal) moves some entry by far more.
 */
class MultivariateNormalSamplingTest {
    /** A 3 x 3 covariance with correlations of both signs and unequal variances. */
    private static final double[] COV = {4, 1.2, -0.4, 1.2, 1, 0.1, -0.4, 0.1, 0.5};

    /** A rank-2 factor, with correlated and uncorrelated rows. */
    private static final double[] W = {1.6, 0.8, 0.5, 0.6, -0.4, 0.3};

    private static final double[] LOC = {1, -2, 0.5};

    @Test
    void multivariateNormalDrawsHaveTheirMeanAndCovariance() {
        try (var scope = new TensorScope(lawBackend())) {
            Tensor cov = Tensor.of(COV, 3, 3);
            var d = MultivariateNormal.ofCovariance(Tensor.of(LOC, 3), cov);
            assertMoments(draw(d, 11), LOC, COV);
        }
    }

    @Test
    void lowRankDrawsHaveTheirMeanAndCovariance() {
        try (var scope = new TensorScope(lawBackend())) {
            Tensor w = Tensor.of(W, 3, 2);
            Tensor diag = Tensor.of(new double[] {0.5, 0.2, 0.1}, 3);
            var d = LowRankMultivariateNormal.of(Tensor.of(LOC, 3), w, diag);
            assertMoments(draw(d, 12), LOC, d.covarianceMatrix().toDoubleArray());
        }
    }

    /**
     * N draws from a stream seeded with {@code seed}, in chunks of N / 10, each in its own scope.
     */
    private static double[] draw(Distribution d, long seed) {
        Rng saved = PplContext.current().rng();
        PplContext.current().rng(new Rng(seed));
        try {
            int n = d.eventShape().dim(0);
            int chunk = N / 10;
            double[] x = new double[N * n];
            for (int c = 0; c < 10; c++) {
                try (var scope = new TensorScope(TensorScope.currentBackend())) {
                    double[] part = d.sample(chunk).toDoubleArray();
                    System.arraycopy(part, 0, x, c * chunk * n, chunk * n);
                }
            }
            return x;
        } finally {
            PplContext.current().rng(saved);
        }
    }

    private static void assertMoments(double[] x, double[] mean, double[] cov) {
        int n = mean.length;
        double[] m = new double[n];
        for (int k = 0; k < N; k++) {
            for (int i = 0; i < n; i++) {
                m[i] += x[k * n + i] / N;
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(m[i])
                    .as("mean %d", i)
                    .isCloseTo(mean[i], within(5 * Math.sqrt(cov[i * n + i] / N)));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < N; k++) {
                    s += (x[k * n + i] - m[i]) * (x[k * n + j] - m[j]);
                }
                double sij = cov[i * n + j];
                double se = Math.sqrt((cov[i * n + i] * cov[j * n + j] + sij * sij) / N);
                assertThat(s / (N - 1)).as("covariance %d %d", i, j).isCloseTo(sij, within(5 * se));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void theSameSeedGivesTheSameDrawsOnEveryBackend(Backend backend, DType dt) {
        double[] want = sevenDraws(Backends.get("reference"), dt);
        double[] got = sevenDraws(backend, dt);
        double tol = dt == DType.F64 ? 1e-12 : 1e-5;
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("draw entry %d", i).isCloseTo(want[i], within(tol * 10));
        }
    }

    private static double[] sevenDraws(Backend b, DType dt) {
        Rng saved = PplContext.current().rng();
        PplContext.current().rng(new Rng(5));
        try (var scope = new TensorScope(b)) {
            Tensor loc = Tensor.of(LOC, dt, 3);
            var mvn = MultivariateNormal.ofCovariance(loc, Tensor.of(COV, dt, 3, 3));
            var low =
                    LowRankMultivariateNormal.of(
                            loc, Tensor.of(W, dt, 3, 2), Tensor.of(new double[] {1, 2, 3}, dt, 3));
            double[] a = mvn.sample(7).toDoubleArray();
            double[] c = low.sample(7).toDoubleArray();
            double[] r = new double[a.length + c.length];
            System.arraycopy(a, 0, r, 0, a.length);
            System.arraycopy(c, 0, r, a.length, c.length);
            return r;
        } finally {
            PplContext.current().rng(saved);
        }
    }
}
