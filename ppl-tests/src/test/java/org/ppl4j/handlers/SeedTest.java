package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.Ppl;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Normal;
import org.ppl4j.testkit.ProgramScope;

class SeedTest extends ProgramScope {
    private double[] draws() {
        double[] a = sample("a", Normal.of(vec(0, 0, 0), 1.0)).toDoubleArray();
        double[] b = sample("b", Bernoulli.probs(vec(0.5, 0.5, 0.5))).toDoubleArray();
        return new double[] {a[0], a[1], a[2], b[0], b[1], b[2]};
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        double[] first;
        double[] second;
        try (var s = Handlers.seed(11)) {
            first = draws();
        }
        try (var s = Handlers.seed(11)) {
            second = draws();
        }
        assertThat(second).containsExactly(first);
        try (var s = Handlers.seed(12)) {
            assertThat(draws()).isNotEqualTo(first);
        }
    }

    @Test
    void theOuterStreamContinuesAsIfTheSeededBlockHadNotRun() {
        Ppl.seed(5);
        double[] before = draws();
        try (var s = Handlers.seed(99)) {
            draws();
            draws();
        }
        double[] after = draws();

        Ppl.seed(5);
        assertThat(draws()).containsExactly(before);
        assertThat(draws()).containsExactly(after);
    }

    @Test
    void pplSeedReseedsTheThreadsStream() {
        Ppl.seed(3);
        double[] first = draws();
        Ppl.seed(3);
        assertThat(draws()).containsExactly(first);
    }
}
