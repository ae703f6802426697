package org.ppl4j.tck.vae;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backends;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.model.SviVaeSession;

/**
 * The kit's VAE layers use ppl-vae's model and session without the app's dependencies, which the
 * kit's pom leaves out (none of Guice, picocli, XChart, t-SNE is on this module's class path).
 */
class VaeWithoutItsAppTest {
    @Test
    void theSessionTrainsAndEvaluatesWithoutTheAppsLibraries() {
        assertThat(getClass().getClassLoader().getResource("com/google/inject/Inject.class"))
                .as("Guice on the kit's class path")
                .isNull();
        PplContext ctx = PplContext.current();
        Rng savedRng = ctx.rng();
        boolean savedValidation = ctx.validationEnabled();
        float[] images = new Rng(3).uniformFloats(4 * 784);
        try (var session =
                new SviVaeSession(
                        Backends.get("reference"),
                        new VaeSettings("reference", 2, 8, 1e-3, 0, 4, 0))) {
            double first = session.trainStep(images, 4);
            double second = session.trainStep(images, 4);
            assertThat(first).isFinite().isPositive();
            assertThat(second).isFinite().isNotEqualTo(first);
            assertThat(session.evaluate(images, 4)).isFinite().isPositive();
        } finally {
            ctx.rng(savedRng);
            ctx.validationEnabled(savedValidation);
        }
    }
}
