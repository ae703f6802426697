package org.ppl4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Normal;
import org.ppl4j.params.ParamStore;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

/** The mean-field ELBO uses {@code -KL(q || p)} in closed form for latents, checked by hand. */
class TraceMeanFieldElboTest extends ProgramScope {
    private static final double[] X = {1.0, -0.5};
    private static final double[] A = {0.3, -0.2};
    private static final double[] S = {0.6, 1.3};
    private static final double[] EPS = {0.7, -1.1};

    private static void model(Void unused) {
        try (var d = plate("d", 2)) {
            Tensor z = sample("z", Normal.of(scalar(0.0), 1.0));
            sample("x", Normal.of(z, 1.0), vec(X));
        }
    }

    private static void guide(Void unused) {
        Tensor a = param("a", () -> vec(A));
        Tensor s = param("s", () -> vec(S), Constraints.positive());
        try (var d = plate("d", 2)) {
            sample("z", Normal.of(a, s));
        }
    }

    private static ElboEstimate estimate(ElboLoss elbo) {
        try (var n = new InjectNoise(Map.of("z", vec(EPS))).<InjectNoise>enter()) {
            return elbo.estimate(
                    TraceMeanFieldElboTest::model, TraceMeanFieldElboTest::guide, null);
        }
    }

    @Test
    void theLossIsTheLikelihoodMinusTheAnalyticKl() {
        ElboEstimate e = estimate(new TraceMeanFieldElbo());
        double elbo = 0;
        for (int i = 0; i < 2; i++) {
            double z = A[i] + S[i] * EPS[i];
            double kl = 0.5 * (S[i] * S[i] + A[i] * A[i] - 1 - 2 * Math.log(S[i]));
            elbo += normalLogPdf(X[i], z, 1) - kl;
        }
        assertThat(e.loss().item()).isCloseTo(-elbo, within(1e-10));
        assertThat(e.surrogateLoss().item()).isCloseTo(-elbo, within(1e-10));

        ParamStore store = PplContext.current().paramStore();
        List<Tensor> g =
                Autodiff.grad(
                        e.surrogateLoss(),
                        List.of(store.unconstrained("a"), store.unconstrained("s")),
                        false);
        for (int i = 0; i < 2; i++) {
            double z = A[i] + S[i] * EPS[i];
            double dA = (X[i] - z) - A[i];
            double dS = (X[i] - z) * EPS[i] - (S[i] - 1 / S[i]);
            assertThat(g.get(0).toDoubleArray()[i]).isCloseTo(-dA, within(1e-10));
            assertThat(g.get(1).toDoubleArray()[i]).isCloseTo(-S[i] * dS, within(1e-10));
        }
    }

    @Test
    void itDiffersFromTheMonteCarloElboOnlyInTheLatentTerms() {
        double mc = estimate(new TraceElbo()).loss().item();
        double mf = estimate(new TraceMeanFieldElbo()).loss().item();
        double expectedGap = 0;
        for (int i = 0; i < 2; i++) {
            double z = A[i] + S[i] * EPS[i];
            double kl = 0.5 * (S[i] * S[i] + A[i] * A[i] - 1 - 2 * Math.log(S[i]));
            expectedGap += (normalLogPdf(z, 0, 1) - normalLogPdf(z, A[i], S[i])) + kl;
        }
        assertThat(mf - mc).isCloseTo(expectedGap, within(1e-10));
    }

    @Test
    void aNonReparameterizedGuideSiteIsNamed() {
        assertThatThrownBy(
                        () ->
                                new TraceMeanFieldElbo()
                                        .estimate(
                                                v -> sample("c", Bernoulli.probs(scalar(0.5))),
                                                v -> sample("c", Bernoulli.probs(scalar(0.2))),
                                                (Void) null))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("guide site 'c'")
                .hasMessageContaining("TraceElbo");
    }

    @Test
    void aModelLatentMissingFromTheGuideIsNamed() {
        assertThatThrownBy(
                        () ->
                                new TraceMeanFieldElbo()
                                        .estimate(
                                                v -> {
                                                    model(v);
                                                    sample("w", Normal.of(scalar(0.0), 1.0));
                                                },
                                                TraceMeanFieldElboTest::guide,
                                                (Void) null))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("latent site 'w' of the model is not sampled by the guide");
    }
}
