package org.ppl4j.tck.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.handlers.Trace;
import org.ppl4j.infer.ElboEstimate;
import org.ppl4j.infer.Svi;
import org.ppl4j.infer.TraceElbo;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Capability;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.vae.model.Vae;

/**
 * Conformance layer 3: the tutorial VAE on each backend reproduces PyTorch/Pyro's loss, site
 * log-densities, gradients and 10 Adam steps at the fixture's weights, batch and noise.
 */
@Tag(Layer.FIXTURES)
class VaeFixtureTest {
    private static VaeFixture fixture;

    @BeforeAll
    static void load() {
        fixture = VaeFixture.load();
    }

    private interface Body {
        void run(Vae vae, Tensor x, ParamStore store);
    }

    private static void withFixture(Backend backend, DType dtype, Body body) {
        ParamStore store;
        ParamStore old;
        try (TensorScope scope = new TensorScope(backend)) {
            store = fixture.paramStore(dtype);
            old = PplContext.current().paramStore(store);
            try {
                body.run(new Vae(50, 400, dtype), fixture.x(dtype), store);
            } finally {
                PplContext.current().paramStore(old);
                store.close();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void float32LossAndSiteLogDensitiesMatchPyTorch(Backend backend) {
        withFixture(
                backend,
                DType.F32,
                (vae, x, store) -> {
                    ElboEstimate e = estimate(vae, x, DType.F32);
                    Trace model = e.traces().get(0);
                    Trace guide = e.traces().get(1);
                    assertRel(e.loss().item(), fixture.number("float32", "loss"), 1e-5);
                    assertRel(
                            model.logProb("obs").sum().item(),
                            fixture.number("float32", "site_log_prob_sums", "log_p_x_given_z"),
                            1e-5);
                    assertRel(
                            model.logProb("latent").sum().item(),
                            fixture.number("float32", "site_log_prob_sums", "log_p_z"),
                            1e-5);
                    assertRel(
                            guide.logProb("latent").sum().item(),
                            fixture.number("float32", "site_log_prob_sums", "log_q_z_given_x"),
                            1e-5);
                    double[] perExample = perExampleElbo(e);
                    double[] expected = fixture.expected.get("per_example.elbo").toDoubleArray();
                    assertThat(VaeFixture.relL2(perExample, expected)).isLessThan(1e-5);
                });
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void float32GradientsMatchPyTorch(Backend backend) {
        withFixture(
                backend,
                DType.F32,
                (vae, x, store) -> {
                    ElboEstimate e = estimate(vae, x, DType.F32);
                    assertThat(e.paramNames())
                            .containsExactlyInAnyOrderElementsOf(VaeFixture.WEIGHTS);
                    List<Tensor> leaves = new ArrayList<>();
                    for (String w : VaeFixture.WEIGHTS) {
                        leaves.add(store.unconstrained(w));
                    }
                    List<Tensor> grads = Autodiff.grad(e.surrogateLoss(), leaves, false);
                    for (int i = 0; i < leaves.size(); i++) {
                        String w = VaeFixture.WEIGHTS.get(i);
                        double[] expected = fixture.expected.get("grad." + w).toDoubleArray();
                        assertThat(VaeFixture.relL2(grads.get(i).toDoubleArray(), expected))
                                .as("relative L2 error of the gradient of %s", w)
                                .isLessThan(1e-4);
                    }
                });
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void tenAdamStepsMatchPyTorch(Backend backend) {
        withFixture(
                backend,
                DType.F32,
                (vae, x, store) -> {
                    Svi<Tensor> svi =
                            new Svi<>(
                                    vae::model,
                                    fixture.noisyGuide(vae, DType.F32),
                                    new Adam(1e-3),
                                    new TraceElbo());
                    double[] expected = fixture.numbers("float32", "adam", "loss_at_each_step");
                    for (int k = 0; k < expected.length; k++) {
                        assertRel(svi.step(x), expected[k], 1e-4);
                    }
                    assertRel(
                            svi.evaluateLoss(x),
                            fixture.number("float32", "adam", "loss_after_last_step"),
                            1e-4);
                    for (String w : VaeFixture.WEIGHTS) {
                        double[] after = fixture.expected.get("after_adam." + w).toDoubleArray();
                        assertThat(VaeFixture.relL2(store.unconstrained(w).toDoubleArray(), after))
                                .as("relative L2 error of %s after 10 Adam steps", w)
                                .isLessThan(1e-4);
                    }
                    svi.optimizer().close();
                });
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void float64LossMatchesPyTorchsFloat64Run(Backend backend) {
        assumeThat(backend.capabilities())
                .as("backend %s computes in float32 only", backend.name())
                .contains(Capability.FLOAT64);
        withFixture(
                backend,
                DType.F64,
                (vae, x, store) -> {
                    ElboEstimate e = estimate(vae, x, DType.F64);
                    assertRel(e.loss().item(), fixture.number("float64", "loss"), 1e-10);
                    double[] perExample =
                            fixture.expected.get("per_example_f64.elbo").toDoubleArray();
                    double[] actual = perExampleElbo(e);
                    assertThat(VaeFixture.relL2(actual, perExample)).isLessThan(1e-10);
                });
    }

    /** The ELBO estimate of the tutorial VAE on {@code x} with the fixture's guide noise. */
    private static ElboEstimate estimate(Vae vae, Tensor x, DType dtype) {
        return new TraceElbo().estimate(vae::model, fixture.noisyGuide(vae, dtype), x);
    }

    /** Per-example {@code log p(x|z) + log p(z) - log q(z|x)} from the estimate's traces. */
    private static double[] perExampleElbo(ElboEstimate e) {
        Trace model = e.traces().get(0);
        Trace guide = e.traces().get(1);
        return model.logProb("obs")
                .add(model.logProb("latent"))
                .sub(guide.logProb("latent"))
                .toDoubleArray();
    }

    private static void assertRel(double actual, double expected, double rel) {
        assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * rel));
    }
}
