package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Normal;
import org.ppl4j.testkit.ProgramScope;

/** Handlers are single-use scopes that must close innermost first. */
class LifecycleTest extends ProgramScope {
    @Test
    void closingOutOfOrderIsAnErrorNamingBothHandlers() {
        TraceHandler outer = Handlers.trace();
        ScaleHandler inner = Handlers.scale(2.0);
        assertThatThrownBy(outer::close)
                .isInstanceOf(PplException.class)
                .hasMessageContaining("trace closed out of order")
                .hasMessageContaining("scale(2.0) is still open")
                .hasMessageContaining("try-with-resources");
        // The stack is untouched, so closing in order still works.
        assertThat(PplContext.current().handlerStack()).containsExactly(outer, inner);
        inner.close();
        outer.close();
        assertThat(PplContext.current().handlerStack()).isEmpty();
    }

    @Test
    void aPlateClosedBeforeAnInnerPlateIsReported() {
        var a = plate("a", 2);
        var b = plate("b", 3);
        assertThatThrownBy(a::close).hasMessageContaining("plate 'a' closed out of order");
        b.close();
        a.close();
    }

    @Test
    void enteringTwiceIsAnError() {
        TraceHandler t = Handlers.trace();
        assertThatThrownBy(t::enter)
                .isInstanceOf(PplException.class)
                .hasMessageContaining("trace was entered twice")
                .hasMessageContaining("single-use");
        t.close();
        assertThatThrownBy(t::enter).hasMessageContaining("entered twice");
        assertThat(PplContext.current().handlerStack()).isEmpty();
    }

    @Test
    void aPlateCannotBeReentered() {
        var p = plate("data", 3);
        p.close();
        assertThatThrownBy(p::enter).hasMessageContaining("plate 'data' was entered twice");
    }

    @Test
    void closingTwiceIsHarmless() {
        TraceHandler t = Handlers.trace();
        t.close();
        t.close();
        assertThat(PplContext.current().handlerStack()).isEmpty();
    }

    @Test
    void anExceptionInsideTheBlockStillUnwindsTheStack() {
        assertThatThrownBy(
                        () -> {
                            try (var t = Handlers.trace();
                                    var p = plate("data", 3)) {
                                sample("x", Normal.of(vec(0, 0), 1.0));
                            }
                        })
                .hasMessageContaining("plate 'data'");
        assertThat(PplContext.current().handlerStack()).isEmpty();
    }

    @Test
    void theStackIsPerThread() throws Exception {
        try (var t = Handlers.trace()) {
            int[] size = new int[1];
            Thread probe = new Thread(() -> size[0] = PplContext.current().handlerStack().size());
            probe.start();
            probe.join();
            assertThat(size[0]).isZero();
            assertThat(PplContext.current().handlerStack()).hasSize(1);
        }
    }
}
