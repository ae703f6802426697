package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.sample;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ppl4j.distributions.Normal;
import org.ppl4j.testkit.ProgramScope;

class BlockTest extends ProgramScope {
    private void program() {
        param("p", () -> scalar(1.0));
        sample("a", Normal.of(scalar(0.0), 1.0));
        sample("b", Normal.of(scalar(0.0), 1.0));
    }

    private Trace[] outerAndInner(java.util.function.Supplier<BlockHandler> block) {
        Trace outer;
        Trace inner;
        try (var o = Handlers.trace();
                var b = block.get();
                var i = Handlers.trace()) {
            program();
            inner = i.trace();
            outer = o.trace();
        }
        return new Trace[] {outer, inner};
    }

    @Test
    void hiddenSitesDoNotReachOuterTraces() {
        Trace[] t = outerAndInner(() -> Handlers.hide(Set.of("a")));
        assertThat(t[0].sites()).extracting(Site::name).containsExactly("p", "b");
        assertThat(t[1].sites()).extracting(Site::name).containsExactly("p", "a", "b");
    }

    @Test
    void exposeHidesEveryOtherSite() {
        Trace[] t = outerAndInner(() -> Handlers.expose(Set.of("b")));
        assertThat(t[0].sites()).extracting(Site::name).containsExactly("b");
    }

    @Test
    void blockHidesEverythingButStillSamples() {
        Trace[] t = outerAndInner(Handlers::block);
        assertThat(t[0].sites()).isEmpty();
        assertThat(t[1].site("a").value()).isNotNull();
    }

    @Test
    void aPredicateSelectsWhatToHide() {
        Trace[] t = outerAndInner(() -> Handlers.block(m -> m.type() == SiteType.PARAM));
        assertThat(t[0].sites()).extracting(Site::name).containsExactly("a", "b");
    }
}
