package org.ppl4j.tck.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.distributions.Beta;
import org.ppl4j.distributions.Gamma;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Gamma and Beta draws (rejection sampling on the backend from the host's Philox stream) are the
 * reference's on every backend, so a seed means the same noise everywhere.
 */
@Tag(Layer.DISTRIBUTIONS)
class GammaBetaDrawsTest {
    private static double[] drawOn(Backend b, DType dt) {
        Rng saved = PplContext.current().rng();
        try (var scope = new TensorScope(b)) {
            PplContext.current().rng(new Rng(31));
            Tensor alpha = Tensor.of(new double[] {0.05, 0.3, 1, 2.5, 40}, dt, 5);
            Tensor g = Gamma.of(alpha, alpha.onesLike()).sample(400);
            Tensor x = Beta.of(alpha, alpha.mul(0.5).add(0.2)).sample(400);
            double[] r = Arrays.copyOf(g.toDoubleArray(), 4000);
            System.arraycopy(x.toDoubleArray(), 0, r, 2000, 2000);
            return r;
        } finally {
            PplContext.current().rng(saved);
        }
    }

    /**
     * The same seed gives the reference's draws on every backend: to 1e-12 relative in float64 and
     * 1e-4 in float32 (log, exp and pow are not correctly rounded everywhere, and an error of 80
     * ulps in a proposal carries through the boost {@code u^(1/alpha)} with {@code alpha = 0.05}).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void theSameSeedGivesTheReferencesDrawsOnEveryBackend(Backend backend, DType dt) {
        double[] ref = drawOn(Backends.get("reference"), dt);
        double[] got = drawOn(backend, dt);
        double rtol = dt == DType.F64 ? 1e-12 : 1e-4;
        for (int i = 0; i < ref.length; i++) {
            assertThat(got[i])
                    .as("draw %d", i)
                    .isCloseTo(ref[i], within(rtol * Math.abs(ref[i]) + Float.MIN_NORMAL));
        }
    }
}
