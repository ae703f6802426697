package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.PplException;

class ValidationTest extends ReferenceScope {
    @Test
    void aNonPositiveScaleFailsAtConstructionWithCountsAndFix() {
        assertThatThrownBy(() -> Normal.of(vec(0, 0, 0, 0, 0), vec(1, 0, -1, Double.NaN, 2)))
                .isInstanceOf(ValidationException.class)
                .isInstanceOf(PplException.class)
                .hasMessage(
                        "Normal argument 'scale' has 3 of 5 entries <= 0 or NaN; pass a scale >"
                                + " 0, e.g. softplus(x) or exp(x) of an unconstrained tensor");
    }

    @Test
    void theExceptionCarriesArgumentAndCountsAndCanNameTheSite() {
        ValidationException e = null;
        try {
            Normal.of(vec(0, 0), vec(-1, 1));
        } catch (ValidationException x) {
            e = x;
        }
        assertThat(e).isNotNull();
        assertThat(e.distribution()).isEqualTo("Normal");
        assertThat(e.argument()).isEqualTo("scale");
        assertThat(e.badCount()).isEqualTo(1);
        assertThat(e.total()).isEqualTo(2);
        assertThat(e.site()).isNull();
        ValidationException named = e.atSite("latent");
        assertThat(named.site()).isEqualTo("latent");
        assertThat(named)
                .hasMessageStartingWith(
                        "site 'latent': Normal argument 'scale' has 1 of 2 entries");
    }

    @Test
    void probabilitiesOutsideTheUnitIntervalAreRejected() {
        assertThatThrownBy(() -> Bernoulli.probs(vec(0.5, 1.5, -0.1)))
                .hasMessageContaining(
                        "Bernoulli argument 'probs' has 2 of 3 entries outside [0, 1] or NaN")
                .hasMessageContaining("Bernoulli.logits");
        assertThatThrownBy(() -> Categorical.probs(vec(0.5, -0.5, 1)))
                .hasMessageContaining("Categorical argument 'probs' has 1 of 3 entries < 0");
        assertThatThrownBy(() -> Exponential.of(vec(0)))
                .hasMessageContaining("Exponential argument 'rate' has 1 of 1 entries <= 0");
        assertThatThrownBy(() -> Uniform.of(vec(1, 0), vec(0, 1)))
                .hasMessageContaining("Uniform argument 'high' has 1 of 2 entries <= low");
        assertThatThrownBy(() -> LogNormal.of(vec(Double.NaN), vec(1)))
                .hasMessageContaining("LogNormal argument 'loc' has 1 of 1 entries NaN");
    }

    @Test
    void outOfSupportValuesFailInLogProbWithTheFix() {
        Bernoulli b = Bernoulli.probs(vec(0.5, 0.5, 0.5, 0.5));
        assertThatThrownBy(() -> b.logProb(vec(0, 1, 0.5, 0.25)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "Bernoulli argument 'value' has 2 of 4 entries not 0 or 1 (support"
                                + " boolean)")
                .hasMessageContaining("withValidation(false)");
        assertThatThrownBy(() -> Exponential.of(vec(1)).logProb(vec(-1)))
                .hasMessageContaining("Exponential argument 'value' has 1 of 1 entries < 0");
        assertThatThrownBy(() -> Categorical.logits(vec(0, 0, 0)).logProb(vec(3, 1.5)))
                .hasMessageContaining("has 2 of 2 entries not an integer in [0, 2]");
        assertThatThrownBy(() -> Normal.of(vec(0), vec(1)).toEvent(1).logProb(vec(Double.NaN)))
                .hasMessageContaining("Normal argument 'value' has 1 of 1 entries NaN");
    }

    @Test
    void validationIsPerDistributionAndDefaultsFromTheContext() {
        Normal lax = Normal.of(vec(0), vec(1)).withValidation(false);
        assertThat(lax.validationEnabled()).isFalse();
        assertThat(lax.logProb(vec(Double.NaN)).item()).isNaN();
        assertThatThrownBy(() -> Normal.of(vec(0), vec(-1)).withValidation(false))
                .isInstanceOf(ValidationException.class); // of() checks before the switch
        PplContext.current().validationEnabled(false);
        Normal unchecked = Normal.of(vec(0), vec(-1));
        assertThat(unchecked.validationEnabled()).isFalse();
        assertThatThrownBy(() -> unchecked.withValidation(true))
                .hasMessageContaining("Normal argument 'scale' has 1 of 1 entries");
    }

    @Test
    void aValueOfTheWrongDtypeNamesBothDtypes() {
        assertThatThrownBy(
                        () ->
                                Normal.of(vec(0), vec(1))
                                        .logProb(vec(0).cast(org.ppl4j.core.DType.F32)))
                .hasMessageContaining(
                        "Normal.logProb: value is float32 but the parameters are" + " float64");
    }

    @Test
    void rsampleOfADiscreteKindNamesIt() {
        assertThatThrownBy(() -> Bernoulli.probs(vec(0.5)).rsample())
                .isInstanceOf(PplException.class)
                .hasMessageStartingWith("Bernoulli has no reparameterized sampler (rsample)");
        assertThat(Bernoulli.probs(vec(0.5)).hasRsample()).isFalse();
        assertThat(Categorical.probs(vec(0.5, 0.5)).toEvent(0).hasRsample()).isFalse();
    }

    @Test
    void withoutValidationAValueThatIsNoClassHasLogProbMinusInfinity() {
        PplContext.current().validationEnabled(false); // restored by ReferenceScope
        Categorical c = Categorical.probs(vec(1, 1, 2));
        assertThat(c.logProb(vec(2, 3, -1, 0.5)).toDoubleArray())
                .containsExactly(
                        Math.log(0.5),
                        Double.NEGATIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        Double.NEGATIVE_INFINITY);
    }
}
