package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.deterministic;
import static org.ppl4j.Ppl.factor;
import static org.ppl4j.Ppl.module;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Normal;
import org.ppl4j.nn.Linear;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

/** The statements of {@code Ppl} besides sample and plate. */
class FacadeTest extends ProgramScope {
    @Test
    void factorAddsItsLogFactorToTheLogDensity() {
        Trace tr =
                Handlers.trace(
                        () -> {
                            sample("x", Normal.of(scalar(0.0), 1.0), scalar(0.5));
                            factor("penalty", scalar(-3.0));
                            try (var p = plate("data", 2)) {
                                factor("local", vec(-1.0, -0.25));
                            }
                        });
        assertThat(tr.site("penalty").observed()).isTrue();
        assertThat(tr.logProb("local").shape()).isEqualTo(Shape.of(2));
        assertThat(tr.logProbSum().item())
                .isCloseTo(normalLogPdf(0.5, 0, 1) - 3.0 - 1.25, within(1e-12));
    }

    @Test
    void deterministicRecordsAValueThatAddsNothing() {
        Tensor v = vec(1.5, -2.0, 4.0);
        Trace tr =
                Handlers.trace(
                        () -> {
                            Tensor got = deterministic("d", v);
                            assertThat(got).isSameAs(v);
                        });
        assertThat(tr.site("d").value()).isSameAs(v);
        assertThat(tr.site("d").isLatent()).isFalse();
        assertThat(tr.logProbSum().item()).isEqualTo(0.0);
    }

    @Test
    void moduleRegistersEachParameterUnderItsPrefix() {
        Linear lin = new Linear(3, 2, true, DType.F64);
        Trace tr = Handlers.trace(() -> module("dec", lin));
        assertThat(tr.sites()).extracting(Site::name).containsExactly("dec.weight", "dec.bias");
        assertThat(PplContext.current().paramStore().names())
                .containsExactly("dec.weight", "dec.bias");
        Tensor y = lin.forward(Tensor.ones(DType.F64, 1, 3));
        assertThat(y.shape()).isEqualTo(Shape.of(1, 2));

        Tensor w = Tensor.zeros(DType.F64, 2, 3);
        Tensor b = vec(7, 8);
        try (var s = Handlers.substitute(Map.of("dec.weight", w, "dec.bias", b))) {
            module("dec", lin);
        }
        assertThat(lin.forward(Tensor.ones(DType.F64, 1, 3)).toDoubleArray()).containsExactly(7, 8);
    }

    @Test
    void paramReturnsTheStoredValueAfterItsFirstUse() {
        param("w", () -> scalar(2.0));
        assertThat(param("w").item()).isEqualTo(2.0);
        assertThat(param("w", () -> scalar(9.0)).item()).isEqualTo(2.0);
        assertThatThrownBy(() -> param("missing"))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("param 'missing' does not exist yet");
    }

    @Test
    void nullArgumentsAreNamedInsteadOfThrowingNullPointerException() {
        assertThatThrownBy(() -> sample("x", null))
                .isInstanceOf(PplException.class)
                .hasMessage("argument 'fn' of sample('x') must not be null");
        assertThatThrownBy(() -> param("w", null))
                .isInstanceOf(PplException.class)
                .hasMessage("argument 'init' of param('w') must not be null");
        assertThatThrownBy(() -> Bernoulli.probs(null))
                .isInstanceOf(PplException.class)
                .hasMessage("argument 'probs' of Bernoulli.probs must not be null");
        assertThatThrownBy(() -> Normal.of(null, 1.0))
                .isInstanceOf(PplException.class)
                .hasMessage("argument 'loc' of Normal.of must not be null");
        assertThatThrownBy(() -> Normal.of(scalar(0.0), (Tensor) null))
                .isInstanceOf(PplException.class)
                .hasMessage("argument 'scale' of Normal.of must not be null");
    }
}
