package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.ppl4j.PplContext;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.BackendsUnderTest;

/**
 * Checks that draws follow their law: moments and the Kolmogorov-Smirnov statistic of 10^5 draws at
 * a fixed seed, so a pass or a failure is the same on every run.
 */
final class LawChecks {
    /** Draws per check. */
    static final int N = 100_000;

    /** The 1 % critical value of the KS statistic for N draws. */
    static final double KS_CRITICAL = 1.63 / Math.sqrt(N);

    private LawChecks() {}

    /**
     * TF where it is under test (its large elementwise ops are several times faster than ND4J's),
     * else the first backend; the draws are the same on all (the kit's GammaBetaDrawsTest).
     */
    static Backend lawBackend() {
        List<String> names = BackendsUnderTest.names();
        return Backends.get(names.contains("tf") ? "tf" : names.get(0));
    }

    /**
     * N draws of {@code d} from a stream seeded with {@code seed}, in 10 chunks, each in its own
     * scope, so that the sampler's intermediates (12 proposals per gamma draw) stay small.
     */
    static double[] draw(Distribution d, long seed) {
        PplContext.current().rng(new Rng(seed));
        int chunk = N / 10;
        double[] x = new double[N];
        for (int c = 0; c < 10; c++) {
            try (var scope = new TensorScope(TensorScope.currentBackend())) {
                System.arraycopy(d.sample(chunk).toDoubleArray(), 0, x, c * chunk, chunk);
            }
        }
        return x;
    }

    /** The largest gap between the empirical and the true CDF. */
    static double ks(double[] draws, DoubleUnaryOperator cdf) {
        double[] x = draws.clone();
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            double f = cdf.applyAsDouble(x[i]);
            d = Math.max(d, Math.max((i + 1.0) / x.length - f, f - (double) i / x.length));
        }
        return d;
    }

    /** The KS statistic is below the 1 % critical value. */
    static void assertLaw(String what, double[] draws, DoubleUnaryOperator cdf) {
        assertThat(ks(draws, cdf)).as("KS " + what).isLessThan(KS_CRITICAL);
    }

    /**
     * The KS statistic of integer-valued draws against the CDF {@code cdf(k) = P(X <= k)}, taken at
     * every count seen: for a discrete law the continuous critical value is conservative.
     */
    static void assertCountLaw(
            String what, double[] draws, java.util.function.IntToDoubleFunction cdf) {
        double[] x = draws.clone();
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != Math.rint(x[i]) || x[i] < 0) {
                throw new AssertionError(what + ": draw " + x[i] + " is no count");
            }
            if (i + 1 == x.length || x[i + 1] != x[i]) {
                d = Math.max(d, Math.abs((i + 1.0) / x.length - cdf.applyAsDouble((int) x[i])));
            }
        }
        assertThat(d).as("KS " + what).isLessThan(KS_CRITICAL);
    }

    /** Mean within 5 standard errors, variance within 5 %. */
    static void assertMoments(double[] x, double mean, double var) {
        double m = Arrays.stream(x).average().orElseThrow();
        double v = Arrays.stream(x).map(t -> (t - m) * (t - m)).sum() / (x.length - 1);
        assertThat(m).isCloseTo(mean, within(5 * Math.sqrt(var / x.length)));
        assertThat(v).isCloseTo(var, within(0.05 * var));
    }
}
