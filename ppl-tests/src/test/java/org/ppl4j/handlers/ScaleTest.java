package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Normal;
import org.ppl4j.testkit.ProgramScope;

class ScaleTest extends ProgramScope {
    @Test
    void theLogProbIsScaledByTheProductOfNestedScales() {
        Trace tr;
        try (var t = Handlers.trace();
                var s1 = Handlers.scale(2.0)) {
            sample("a", Normal.of(scalar(0.0), 1.0), scalar(1.5));
            try (var s2 = Handlers.scale(0.25)) {
                sample("b", Normal.of(scalar(0.0), 1.0), scalar(1.5));
            }
            tr = t.trace();
        }
        double lp = normalLogPdf(1.5, 0, 1);
        assertThat(tr.site("a").scale()).isEqualTo(2.0);
        assertThat(tr.site("b").scale()).isEqualTo(0.5);
        assertThat(tr.logProb("a").item()).isCloseTo(2.0 * lp, within(1e-12));
        assertThat(tr.logProb("b").item()).isCloseTo(0.5 * lp, within(1e-12));
        assertThat(tr.logProbSum().item()).isCloseTo(2.5 * lp, within(1e-12));
    }

    @Test
    void aScaleOutsideTheTraceDoesNotReachIt() {
        Trace tr;
        try (var t = Handlers.trace()) {
            sample("a", Normal.of(scalar(0.0), 1.0), scalar(1.5));
            tr = t.trace();
        }
        assertThat(tr.site("a").scale()).isEqualTo(1.0);
    }

    @Test
    void aScaleMustBePositive() {
        assertThatThrownBy(() -> Handlers.scale(0.0))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> Handlers.scale(Double.NaN)).isInstanceOf(PplException.class);
    }
}
