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
     * else the first backend; the draws are the same on all (GammaBetaSamplingTest).
     */
    static Backend lawBackend() {
        List<String> names = BackendsUnderTest.names();
        return Backends.get(names.contains("tf") ? "tf" : names.get(0));
    }

    /** N draws of {@code d} from a stream seeded with {@code seed}. */
    static double[] draw(Distribution d, long seed) {
        PplContext.current().rng(new Rng(seed));
        return d.sample(N).toDoubleArray();
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

    /** Mean within 5 standard errors, variance within 5 %. */
    static void assertMoments(double[] x, double mean, double var) {
        double m = Arrays.stream(x).average().orElseThrow();
        double v = Arrays.stream(x).map(t -> (t - m) * (t - m)).sum() / (x.length - 1);
        assertThat(m).isCloseTo(mean, within(5 * Math.sqrt(var / x.length)));
        assertThat(v).isCloseTo(var, within(0.05 * var));
    }
}
