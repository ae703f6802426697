package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.sample;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ppl4j.distributions.Normal;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

class ConditionTest extends ProgramScope {
    @Test
    void aConditionedSiteBecomesObservedWithTheValue() {
        Tensor v = scalar(0.3);
        Tensor[] returned = new Tensor[1];
        Trace tr;
        try (var c = Handlers.condition(Map.of("z", v));
                var t = Handlers.trace()) {
            returned[0] = sample("z", Normal.of(scalar(1.0), 2.0));
            sample("other", Normal.of(scalar(0.0), 1.0));
            tr = t.trace();
        }
        assertThat(returned[0]).isSameAs(v);
        assertThat(tr.site("z").observed()).isTrue();
        assertThat(tr.site("z").isLatent()).isFalse();
        assertThat(tr.site("z").value()).isSameAs(v);
        assertThat(tr.logProb("z").item()).isCloseTo(normalLogPdf(0.3, 1.0, 2.0), within(1e-12));
        assertThat(tr.site("other").observed()).isFalse();
    }

    @Test
    void conditionDoesNotDrawFromTheRandomStream() {
        var before = org.ppl4j.PplContext.current().rng().state();
        try (var c = Handlers.condition(Map.of("z", scalar(0.3)))) {
            sample("z", Normal.of(scalar(1.0), 2.0));
        }
        assertThat(org.ppl4j.PplContext.current().rng().state()).containsExactly(before);
    }
}
