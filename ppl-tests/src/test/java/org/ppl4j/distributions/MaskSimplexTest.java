package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.Shape;
import org.ppl4j.handlers.Plate;
import org.ppl4j.infer.Svi;
import org.ppl4j.infer.TraceElbo;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.tensor.Tensor;

/**
 * {@code Distribution.mask}, a param on the simplex (the stick-breaking bijection trained through),
 * and the validation of the count and vector kinds.
 */
class MaskSimplexTest extends ReferenceScope {
    @Test
    void maskKeepsLogDensitiesWhereOneAndZeroesTheRest() {
        Normal n = Normal.of(vec(0, 1, 2), vec(1, 1, 1));
        Tensor x = vec(0.5, 0.5, 0.5);
        double[] full = n.logProb(x).toDoubleArray();
        Distribution m = n.mask(vec(1, 0, 1));
        assertThat(m.logProb(x).toDoubleArray()).containsExactly(full[0], 0.0, full[2]);
        assertThat(n.mask(true)).isSameAs(n);
        assertThat(n.mask(false).logProb(x).toDoubleArray()).containsExactly(0.0, 0.0, 0.0);
        assertThat(m.sample(4).shape()).isEqualTo(Shape.of(4, 3));
        assertThat(m.mean().toDoubleArray()).containsExactly(0.0, 1.0, 2.0);
        assertThat(m.support()).isSameAs(n.support());

        Distribution wide = Normal.of(scalar(0.0), scalar(1.0)).mask(vec(1, 0, 1, 1));
        assertThat(wide.batchShape()).isEqualTo(Shape.of(4));
        assertThat(wide.sample().shape()).isEqualTo(Shape.of(4));
        assertThat(wide.logProb(scalar(0.0)).toDoubleArray()[1]).isZero();
        assertThat(m.toEvent(1).logProb(x).item()).isCloseTo(full[0] + full[2], within(1e-12));
        assertThatThrownBy(() -> n.mask(vec(1, 0)))
                .hasMessageContaining("Distribution.mask")
                .hasMessageContaining("[3]")
                .hasMessageContaining("[2]");
    }

    /**
     * Maximum likelihood of class frequencies with a param on the simplex: the empty guide leaves
     * the log-likelihood, and Adam through the stick-breaking map reaches the frequencies.
     */
    @Test
    void aParamOnTheSimplexTrainsToTheClassFrequencies() {
        ParamStore store = PplContext.current().paramStore();
        store.clear();
        try {
            Tensor data = vec(0, 1, 1, 2, 2, 2, 2, 2, 1, 2);
            java.util.function.Consumer<Tensor> model =
                    d -> {
                        Tensor p =
                                param(
                                        "p",
                                        () -> vec(1.0 / 3, 1.0 / 3, 1.0 / 3),
                                        Constraints.simplex());
                        try (Plate plate = plate("data", d.dim(0))) {
                            sample("obs", Categorical.probs(p), d);
                        }
                    };
            var svi = new Svi<Tensor>(model, d -> {}, new Adam(0.05), new TraceElbo());
            for (int i = 0; i < 800; i++) {
                svi.step(data);
            }
            assertThat(store.unconstrained("p").shape()).isEqualTo(Shape.of(2));
            double[] p = store.get("p").toDoubleArray();
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
            assertThat(p).containsExactly(new double[] {0.1, 0.3, 0.6}, within(2e-3));
        } finally {
            store.clear();
        }
    }

    @Test
    void theSimplexBijectionRoundTripsAndRejectsShortAxes() {
        Constraint s = Constraints.simplex();
        Tensor y = vec(0.1, 0.2, 0.3, 0.4);
        Tensor u = s.toUnconstrained(y);
        assertThat(u.shape()).isEqualTo(Shape.of(3));
        assertThat(s.toConstrained(u).toDoubleArray())
                .containsExactly(new double[] {0.1, 0.2, 0.3, 0.4}, within(1e-14));
        assertThat(s.check(vec(0.5, 0.5)).item()).isEqualTo(1.0);
        assertThat(s.check(vec(0.5, 0.6)).item()).isZero();
        assertThat(s.check(vec(1.5, -0.5)).item()).isZero();
        assertThatThrownBy(() -> s.toUnconstrained(vec(1.0)))
                .hasMessageContaining("simplex.toUnconstrained")
                .hasMessageContaining("K >= 2");
    }

    @Test
    void countAndVectorKindsNameTheBadArgument() {
        assertThatThrownBy(() -> Poisson.of(vec(1, -1)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Poisson argument 'rate' has 1 of 2 entries < 0");
        assertThatThrownBy(() -> Poisson.of(vec(2)).logProb(vec(1.5)))
                .hasMessageContaining("Poisson argument 'value' has 1 of 1 entries not an integer");
        assertThatThrownBy(() -> Binomial.of(vec(10, 2.5), vec(0.5, 0.5)))
                .hasMessageContaining("Binomial argument 'totalCount' has 1 of 2 entries");
        assertThatThrownBy(() -> Binomial.of(vec(10), vec(1.5)))
                .hasMessageContaining(
                        "Binomial argument 'probs' has 1 of 1 entries outside [0, 1]");
        assertThatThrownBy(() -> Binomial.of(vec(10), vec(0.5)).logProb(vec(11)))
                .hasMessageContaining("Binomial argument 'value'")
                .hasMessageContaining("integerInterval(0, totalCount)");
        assertThatThrownBy(() -> Geometric.probs(vec(1.2)))
                .hasMessageContaining("Geometric argument 'probs'");
        assertThatThrownBy(() -> Dirichlet.of(vec(1, 0)))
                .hasMessageContaining("Dirichlet argument 'concentration' has 1 of 2 entries <= 0");
        assertThatThrownBy(() -> Dirichlet.of(vec(1, 1)).logProb(vec(0.5, 0.6)))
                .hasMessageContaining("Dirichlet argument 'value'")
                .hasMessageContaining("simplex");
        assertThatThrownBy(() -> Dirichlet.of(scalar(1.0))).hasMessageContaining("shape [..., K]");
        assertThatThrownBy(() -> OneHotCategorical.probs(vec(0.5, 0.5)).logProb(vec(1, 1)))
                .hasMessageContaining("OneHotCategorical argument 'value'")
                .hasMessageContaining("oneHot");
        assertThatThrownBy(
                        () ->
                                KL.divergence(
                                        Binomial.of(vec(5), vec(0.5)),
                                        Binomial.of(vec(6), vec(0.5))))
                .hasMessageContaining("same totalCount");
        assertThat(
                        KL.divergence(Binomial.of(vec(6), vec(0.5)), Binomial.of(vec(5), vec(0.5)))
                                .item())
                .isInfinite();
        assertThat(KL.isRegistered(Poisson.of(vec(1)), Geometric.probs(vec(0.5)))).isFalse();
    }
}
