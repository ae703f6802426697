package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.distributions.Normal;
import org.ppl4j.testkit.ProgramScope;

class MaskTest extends ProgramScope {
    @Test
    void maskedEntriesContributeZero() {
        double[] x = {0.5, -1.0, 2.0};
        Trace tr;
        try (var t = Handlers.trace();
                var m = Handlers.mask(vec(1, 0, 1));
                var p = plate("data", 3)) {
            sample("x", Normal.of(vec(0, 0, 0), 1.0), vec(x));
            tr = t.trace();
        }
        double[] lp = tr.logProb("x").toDoubleArray();
        assertThat(lp[0]).isCloseTo(normalLogPdf(0.5, 0, 1), within(1e-12));
        assertThat(lp[1]).isEqualTo(0.0);
        assertThat(lp[2]).isCloseTo(normalLogPdf(2.0, 0, 1), within(1e-12));
        assertThat(tr.logProbSum().item())
                .isCloseTo(normalLogPdf(0.5, 0, 1) + normalLogPdf(2.0, 0, 1), within(1e-12));
    }

    @Test
    void nestedMasksCombineWithLogicalAnd() {
        Trace tr;
        try (var t = Handlers.trace();
                var m1 = Handlers.mask(vec(1, 0, 1));
                var m2 = Handlers.mask(vec(1, 1, 0))) {
            sample("x", Normal.of(vec(0, 0, 0), 1.0), vec(1, 1, 1));
            tr = t.trace();
        }
        double[] lp = tr.logProb("x").toDoubleArray();
        assertThat(lp[0]).isCloseTo(normalLogPdf(1, 0, 1), within(1e-12));
        assertThat(lp[1]).isEqualTo(0.0);
        assertThat(lp[2]).isEqualTo(0.0);
    }

    @Test
    void aMaskedOutValueOutsideTheSupportDoesNotPoisonTheSum() {
        Trace tr;
        try (var t = Handlers.trace();
                var m = Handlers.mask(vec(1, 0))) {
            sample(
                    "x",
                    org.ppl4j.distributions.Uniform.of(vec(0, 0), vec(1, 1)).withValidation(false),
                    vec(0.5, 3.0));
            tr = t.trace();
        }
        assertThat(tr.logProbSum().item()).isEqualTo(0.0);
    }
}
