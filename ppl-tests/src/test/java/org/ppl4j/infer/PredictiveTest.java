package org.ppl4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Normal;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.ProgramScope;

class PredictiveTest extends ProgramScope {
    /** {@code obs} null draws the observations (the posterior predictive). */
    private static void model(Tensor obs) {
        Tensor mu = sample("mu", Normal.of(scalar(0.0), 1.0));
        try (var p = plate("data", 3)) {
            sample("z", Normal.of(Tensor.zeros(DType.F64, 2), 1.0).toEvent(1));
            sample("x", Normal.of(mu, 0.01), obs);
        }
    }

    private static void guide(Tensor obs) {
        sample("mu", Normal.of(param("loc", () -> scalar(10.0)), 0.001));
    }

    @Test
    void drawsAreStackedAlongANewLeadingAxis() {
        var pred =
                new Predictive<Tensor>(PredictiveTest::model, PredictiveTest::guide, 5, Set.of());
        Map<String, Tensor> draws = pred.sample(null);

        assertThat(draws.keySet()).containsExactly("mu", "z", "x");
        assertThat(draws.get("mu").shape()).isEqualTo(Shape.of(5));
        assertThat(draws.get("z").shape()).isEqualTo(Shape.of(5, 3, 2));
        assertThat(draws.get("x").shape()).isEqualTo(Shape.of(5, 3));
        // The latent comes from the guide, the observation from the model given it.
        for (double mu : draws.get("mu").toDoubleArray()) {
            assertThat(mu).isBetween(9.9, 10.1);
        }
        for (double x : draws.get("x").toDoubleArray()) {
            assertThat(x).isBetween(9.8, 10.2);
        }
        assertThat(draws.get("x").requiresGrad()).isFalse();
    }

    @Test
    void returnSitesSelectWhatComesBack() {
        var pred =
                new Predictive<Tensor>(
                        PredictiveTest::model, PredictiveTest::guide, 4, Set.of("x"));
        Map<String, Tensor> draws = pred.sample(null);
        assertThat(draws.keySet()).containsExactly("x");
        assertThat(draws.get("x").shape()).isEqualTo(Shape.of(4, 3));
    }

    @Test
    void withoutAGuideItDrawsFromThePrior() {
        var pred = new Predictive<Tensor>(PredictiveTest::model, null, 200, Set.of("mu"));
        double[] mu = pred.sample(null).get("mu").toDoubleArray();
        double mean = java.util.Arrays.stream(mu).average().orElseThrow();
        assertThat(mu).hasSize(200);
        assertThat(Math.abs(mean)).isLessThan(0.3);
    }

    @Test
    void anUnknownReturnSiteIsNamed() {
        var pred =
                new Predictive<Tensor>(
                        PredictiveTest::model, PredictiveTest::guide, 2, Set.of("nope"));
        assertThatThrownBy(() -> pred.sample(null))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("return site 'nope'")
                .hasMessageContaining("its sample sites are [mu, z, x]");
    }

    @Test
    void observedSitesRepeatTheData() {
        var pred =
                new Predictive<Tensor>(
                        PredictiveTest::model, PredictiveTest::guide, 2, Set.of("x"));
        Tensor x = pred.sample(vec(1, 2, 3)).get("x");
        assertThat(x.toDoubleArray()).containsExactly(1, 2, 3, 1, 2, 3);
    }

    @Test
    void onlyTheReturnedDrawsSurviveInTheCallersScope() {
        var pred =
                new Predictive<Tensor>(
                        PredictiveTest::model, PredictiveTest::guide, 20, Set.of("mu", "x"));
        pred.sample(null); // creates the guide's param outside the measured scope
        try (var caller = new TensorScope()) {
            Map<String, Tensor> draws = pred.sample(null);
            assertThat(caller.ownedCount()).isEqualTo(2);
            assertThat(draws.get("mu").isAlive()).isTrue();
            assertThat(draws.get("x").shape()).isEqualTo(Shape.of(20, 3));
        }
    }
}
