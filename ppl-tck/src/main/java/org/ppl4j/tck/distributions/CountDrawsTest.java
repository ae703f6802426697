package org.ppl4j.tck.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.distributions.Binomial;
import org.ppl4j.distributions.Geometric;
import org.ppl4j.distributions.Poisson;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Poisson, Binomial and Geometric draws (inversion and transformed rejection on the backend from
 * the host's Philox stream) are the reference's counts on every backend, on both sides of the
 * sampler's switch at a mean of 10.
 */
@Tag(Layer.DISTRIBUTIONS)
class CountDrawsTest {
    private static double[] drawOn(Backend b, DType dt) {
        Rng saved = PplContext.current().rng();
        try (var scope = new TensorScope(b)) {
            PplContext.current().rng(new Rng(33));
            Tensor rate = Tensor.of(new double[] {0.05, 2.5, 9.9, 10, 70, 4000}, dt, 6);
            Tensor n = Tensor.of(new double[] {1, 12, 40, 400, 30, 5000}, dt, 6);
            Tensor p = Tensor.of(new double[] {0.5, 0.1, 0.8, 0.3, 0.999, 0.02}, dt, 6);
            double[] a = Poisson.of(rate).sample(300).toDoubleArray();
            double[] c = Binomial.of(n, p).sample(300).toDoubleArray();
            double[] g = Geometric.probs(p).sample(300).toDoubleArray();
            double[] r = Arrays.copyOf(a, 3 * a.length);
            System.arraycopy(c, 0, r, a.length, c.length);
            System.arraycopy(g, 0, r, 2 * a.length, g.length);
            return r;
        } finally {
            PplContext.current().rng(saved);
        }
    }

    /** The same seed gives the reference's counts on every backend, exactly. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void theSameSeedGivesTheReferencesCountsOnEveryBackend(Backend backend, DType dt) {
        double[] ref = drawOn(Backends.get("reference"), dt);
        double[] got = drawOn(backend, dt);
        int differ = 0;
        for (int i = 0; i < ref.length; i++) {
            differ += ref[i] == got[i] ? 0 : 1;
        }
        assertThat(differ).as("counts that differ from the reference's of " + ref.length).isZero();
    }
}
