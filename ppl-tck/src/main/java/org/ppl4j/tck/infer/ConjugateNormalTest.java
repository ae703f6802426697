package org.ppl4j.tck.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.Ppl;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Normal;
import org.ppl4j.infer.Svi;
import org.ppl4j.infer.TraceElbo;
import org.ppl4j.infer.autoguide.AutoNormal;
import org.ppl4j.optim.Adam;
import org.ppl4j.optim.ExponentialLR;
import org.ppl4j.params.ParamStore;
import org.ppl4j.spi.Backend;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.ProgramScope;

/**
 * Pyro's conjugate Normal-Normal check: {@code mu ~ N(mu0, sigma0)}, {@code x_i ~ N(mu, sigma)} for
 * five observations in a plate; SVI must land within 0.05 of the analytic posterior.
 */
@Tag(Layer.INFERENCE)
class ConjugateNormalTest extends ProgramScope {
    private static final double MU0 = 0.2;
    private static final double SIGMA0 = 1.5;
    private static final double SIGMA = 0.8;
    private static final double[] DATA = {0.5, 1.2, -0.3, 0.9, 1.6};
    private static final int STEPS = 1500;

    private static double posteriorPrecision() {
        return 1 / (SIGMA0 * SIGMA0) + DATA.length / (SIGMA * SIGMA);
    }

    private static double posteriorMean() {
        double sum = 0;
        for (double x : DATA) {
            sum += x;
        }
        return (MU0 / (SIGMA0 * SIGMA0) + sum / (SIGMA * SIGMA)) / posteriorPrecision();
    }

    private static double posteriorSd() {
        return 1 / Math.sqrt(posteriorPrecision());
    }

    private static void model(Tensor data) {
        DType d = data.dtype();
        Tensor mu = sample("mu", Normal.of(MU0, SIGMA0, d));
        try (var p = plate("data", data.dim(0))) {
            sample("obs", Normal.of(mu, SIGMA), data);
        }
    }

    private static void guide(Tensor data) {
        DType d = data.dtype();
        Tensor loc = param("loc_q", () -> Tensor.scalar(0.0, d));
        Tensor scale = param("scale_q", () -> Tensor.scalar(1.0, d), Constraints.positive());
        sample("mu", Normal.of(loc, scale));
    }

    /** Trains and returns the final loss; the params stay in the context's store. */
    private static void fit(Consumer<Tensor> guide, Tensor data) {
        Ppl.seed(1);
        Adam adam = new Adam(0.05);
        ExponentialLR decay = new ExponentialLR(adam, Math.pow(0.05, 1.0 / STEPS));
        Svi<Tensor> svi = new Svi<>(ConjugateNormalTest::model, guide, adam, new TraceElbo(4));
        for (int i = 0; i < STEPS; i++) {
            svi.step(data);
            decay.step();
        }
        adam.close();
    }

    private static Tensor data(Backend backend) {
        DType d = backend.name().equals("reference") ? DType.F64 : DType.F32;
        return Tensor.of(DATA, d, DATA.length);
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aHandWrittenGuideFindsThePosterior(Backend backend) {
        try (var scope = new TensorScope(backend)) {
            fit(ConjugateNormalTest::guide, data(backend));
            ParamStore store = PplContext.current().paramStore();
            assertThat(store.get("loc_q").item()).isCloseTo(posteriorMean(), within(0.05));
            assertThat(store.get("scale_q").item()).isCloseTo(posteriorSd(), within(0.05));
        }
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void autoNormalFindsThePosterior(Backend backend) {
        try (var scope = new TensorScope(backend)) {
            fit(new AutoNormal<>(ConjugateNormalTest::model), data(backend));
            ParamStore store = PplContext.current().paramStore();
            assertThat(store.names())
                    .containsExactlyInAnyOrder("AutoNormal.locs.mu", "AutoNormal.scales.mu");
            assertThat(store.get("AutoNormal.locs.mu").item())
                    .isCloseTo(posteriorMean(), within(0.05));
            assertThat(store.get("AutoNormal.scales.mu").item())
                    .isCloseTo(posteriorSd(), within(0.05));
        }
    }
}
