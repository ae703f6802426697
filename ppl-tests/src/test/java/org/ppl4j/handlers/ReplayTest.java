package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.distributions.Normal;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

class ReplayTest extends ProgramScope {
    private void model() {
        Tensor z = sample("z", Normal.of(scalar(0.0), 1.0));
        sample("w", Normal.of(scalar(0.0), 1.0));
        sample("x", Normal.of(z, 1.0), scalar(0.5));
    }

    private void guide() {
        sample("z", Normal.of(scalar(10.0), 0.1));
        sample("x", Normal.of(scalar(10.0), 0.1));
    }

    @Test
    void theModelsLatentTakesTheGuidesValue() {
        Trace guide = Handlers.trace(this::guide);
        Trace model;
        try (var r = Handlers.replay(guide);
                var t = Handlers.trace()) {
            model();
            model = t.trace();
        }
        assertThat(model.site("z").value()).isSameAs(guide.site("z").value());
        assertThat(model.site("z").value().item()).isGreaterThan(9.0);
        assertThat(model.site("z").isLatent()).isTrue();
        // Scored under the model's distribution, not the guide's.
        assertThat(model.logProb("z").item())
                .isEqualTo(Normal.of(scalar(0.0), 1.0).logProb(guide.site("z").value()).item());
    }

    @Test
    void observedSitesAndSitesMissingFromTheGuideAreNotReplayed() {
        Trace guide = Handlers.trace(this::guide);
        Trace model;
        try (var r = Handlers.replay(guide);
                var t = Handlers.trace()) {
            model();
            model = t.trace();
        }
        assertThat(model.site("x").value().item()).isEqualTo(0.5);
        assertThat(model.site("x").observed()).isTrue();
        assertThat(Math.abs(model.site("w").value().item())).isLessThan(6.0);
    }

    @Test
    void aSiteObservedInTheReplayedTraceIsReported() {
        Trace observed =
                Handlers.trace(() -> sample("z", Normal.of(scalar(0.0), 1.0), scalar(3.0)));
        assertThatThrownBy(
                        () -> {
                            try (var r = Handlers.replay(observed)) {
                                model();
                            }
                        })
                .hasMessageContaining("site 'z'")
                .hasMessageContaining("observed");
    }
}
