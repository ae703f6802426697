package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.sample;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.distributions.Normal;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

class SubstituteTest extends ProgramScope {
    @Test
    void substitutedLatentsKeepTheValueAndStayLatent() {
        Tensor v = scalar(-0.4);
        Trace tr;
        Tensor returned;
        try (var s = Handlers.substitute(Map.of("z", v));
                var t = Handlers.trace()) {
            returned = sample("z", Normal.of(scalar(0.0), 1.0));
            tr = t.trace();
        }
        assertThat(returned).isSameAs(v);
        assertThat(tr.site("z").value()).isSameAs(v);
        assertThat(tr.site("z").isLatent()).isTrue();
        assertThat(tr.logProb("z").item()).isCloseTo(normalLogPdf(-0.4, 0, 1), within(1e-12));
    }

    @Test
    void substitutedParamsAreNotReadFromTheStore() {
        Tensor v = scalar(7.0);
        Tensor got;
        try (var s = Handlers.substitute(Map.of("w", v))) {
            got = param("w", () -> scalar(1.0));
        }
        assertThat(got).isSameAs(v);
        assertThat(PplContext.current().paramStore().contains("w")).isFalse();
        assertThat(param("w", () -> scalar(1.0)).item()).isEqualTo(1.0);
    }

    @Test
    void otherSitesAreUntouched() {
        Trace tr;
        try (var s = Handlers.substitute(Map.of("z", scalar(3.0)));
                var t = Handlers.trace()) {
            sample("y", Normal.of(scalar(0.0), 1.0));
            tr = t.trace();
        }
        assertThat(tr.site("y").value().item()).isNotEqualTo(3.0);
    }
}
