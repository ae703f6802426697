package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Normal;
import org.ppl4j.distributions.Uniform;
import org.ppl4j.distributions.ValidationException;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

class TraceTest extends ProgramScope {
    private Tensor drawnA;

    private void model() {
        Tensor s = param("s", () -> scalar(2.0), Constraints.positive());
        drawnA = sample("a", Normal.of(scalar(0.0), 1.0));
        sample("b", Normal.of(drawnA, s), scalar(0.7));
    }

    @Test
    void recordsSitesInOrderWithTheirValues() {
        Trace tr = Handlers.trace(this::model);

        assertThat(tr.sites()).extracting(Site::name).containsExactly("s", "a", "b");
        assertThat(tr.sites())
                .extracting(Site::type)
                .containsExactly(SiteType.PARAM, SiteType.SAMPLE, SiteType.SAMPLE);
        assertThat(tr.site("s").value().item()).isCloseTo(2.0, within(1e-12));
        assertThat(tr.site("a").value()).isSameAs(drawnA);
        assertThat(tr.site("a").observed()).isFalse();
        assertThat(tr.site("a").isLatent()).isTrue();
        assertThat(tr.site("b").observed()).isTrue();
        assertThat(tr.site("b").value().item()).isEqualTo(0.7);
        assertThat(tr.sampleSites()).extracting(Site::name).containsExactly("a", "b");
        assertThat(tr.paramSites()).extracting(Site::name).containsExactly("s");
    }

    @Test
    void logProbSumEqualsTheHandSumOverSampleSites() {
        Trace tr = Handlers.trace(this::model);
        double a = drawnA.item();
        double expected = normalLogPdf(a, 0, 1) + normalLogPdf(0.7, a, 2.0);

        assertThat(tr.logProb("a").item()).isCloseTo(normalLogPdf(a, 0, 1), within(1e-12));
        assertThat(tr.logProbSum().item()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void aSecondSampleSiteWithTheSameNameIsNamed() {
        assertThatThrownBy(
                        () ->
                                Handlers.trace(
                                        () -> {
                                            sample("z", Normal.of(scalar(0.0), 1.0));
                                            sample("z", Normal.of(scalar(0.0), 1.0));
                                        }))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("sample site 'z' appears twice")
                .hasMessageContaining("unique name");
    }

    @Test
    void aParamReadTwiceIsOneSite() {
        Trace tr =
                Handlers.trace(
                        () -> {
                            param("w", () -> scalar(1.0));
                            param("w", () -> scalar(5.0));
                        });
        assertThat(tr.sites()).hasSize(1);
        assertThat(tr.site("w").value().item()).isEqualTo(1.0);
    }

    @Test
    void aSampleSiteNamedLikeAParamIsAnError() {
        assertThatThrownBy(
                        () ->
                                Handlers.trace(
                                        () -> {
                                            param("w", () -> scalar(1.0));
                                            sample("w", Normal.of(scalar(0.0), 1.0));
                                        }))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("'w'")
                .hasMessageContaining("param");
    }

    @Test
    void validationErrorsAtASiteArePrefixedWithTheSiteName() {
        Trace tr =
                Handlers.trace(
                        () -> sample("x", Uniform.of(scalar(0.0), scalar(1.0)), scalar(2.0)));
        assertThatThrownBy(tr::logProbSum)
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("site 'x': Uniform argument 'value' has 1 of 1 entries");
        assertThatThrownBy(() -> tr.logProb("x"))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("site 'x': ");
    }

    @Test
    void askingForAMissingSiteListsTheSitesThatExist() {
        Trace tr = Handlers.trace(this::model);
        assertThatThrownBy(() -> tr.logProb("nope"))
                .hasMessageContaining("no sample site 'nope'")
                .hasMessageContaining("[s, a, b]");
    }
}
