package org.ppl4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Normal;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.optim.Sgd;
import org.ppl4j.params.ParamStore;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

/** TraceElbo's loss and gradient at fixed noise, against derivatives worked out by hand. */
class ElboGradientTest extends ProgramScope {
    private static final double TOL = 1e-10;
    private static final double A = 0.4;
    private static final double S = 0.8;
    private static final double X = 2.0;
    private static final double EPS = 0.3;

    private void model(Void unused) {
        Tensor z = sample("z", Normal.of(scalar(0.0), 1.0));
        sample("x", Normal.of(z, 1.0), scalar(X));
    }

    private void guide(Void unused) {
        Tensor a = param("a", () -> scalar(A));
        Tensor s = param("s", () -> scalar(S), Constraints.positive());
        sample("z", Normal.of(a, s));
    }

    private static double[] grads(ElboEstimate e, String... names) {
        ParamStore store = PplContext.current().paramStore();
        List<Tensor> leaves = java.util.Arrays.stream(names).map(store::unconstrained).toList();
        List<Tensor> g = Autodiff.grad(e.surrogateLoss(), leaves, false);
        return g.stream()
                .flatMapToDouble(t -> java.util.Arrays.stream(t.toDoubleArray()))
                .toArray();
    }

    @Test
    void aReparameterizedSiteGivesThePathwiseGradient() {
        ElboEstimate e;
        try (var n = new InjectNoise(Map.of("z", scalar(EPS))).<InjectNoise>enter()) {
            e = new TraceElbo().estimate(this::model, this::guide, null);
        }
        double z = A + S * EPS;
        double elbo = normalLogPdf(X, z, 1) + normalLogPdf(z, 0, 1) - normalLogPdf(z, A, S);
        assertThat(e.loss().item()).isCloseTo(-elbo, within(TOL));
        assertThat(e.surrogateLoss().item()).isCloseTo(-elbo, within(TOL));
        assertThat(e.paramNames()).containsExactly("a", "s");

        // d elbo / dz = (x - z) - z; log q(a + s eps) depends on s only through -log s.
        double[] g = grads(e, "a", "s");
        assertThat(g[0]).isCloseTo(-(X - 2 * z), within(TOL));
        assertThat(g[1]).isCloseTo(-S * ((X - 2 * z) * EPS + 1 / S), within(TOL));
    }

    @Test
    void sviTakesOneStepAlongThatGradient() {
        double z = A + S * EPS;
        var svi = new Svi<Void>(this::model, this::guide, new Sgd(0.1), new TraceElbo());
        double loss;
        try (var n = new InjectNoise(Map.of("z", scalar(EPS))).<InjectNoise>enter()) {
            loss = svi.step(null);
        }
        double elbo = normalLogPdf(X, z, 1) + normalLogPdf(z, 0, 1) - normalLogPdf(z, A, S);
        assertThat(loss).isCloseTo(-elbo, within(TOL));
        ParamStore store = PplContext.current().paramStore();
        assertThat(store.get("a").item()).isCloseTo(A - 0.1 * -(X - 2 * z), within(TOL));
        double u = Math.log(S) - 0.1 * -S * ((X - 2 * z) * EPS + 1 / S);
        assertThat(store.unconstrained("s").item()).isCloseTo(u, within(TOL));
    }

    @Test
    void twoParticlesAverageTheirEstimates() {
        ElboEstimate e;
        try (var n = new InjectNoise(Map.of("z", scalar(EPS))).<InjectNoise>enter()) {
            e = new TraceElbo(2).estimate(this::model, this::guide, null);
        }
        double z = A + S * EPS;
        double elbo = normalLogPdf(X, z, 1) + normalLogPdf(z, 0, 1) - normalLogPdf(z, A, S);
        assertThat(e.loss().item()).isCloseTo(-elbo, within(TOL));
        assertThat(e.traces()).hasSize(4);
        assertThat(grads(e, "a")[0]).isCloseTo(-(X - 2 * z), within(TOL));
    }

    // A global reparameterized latent g and a plate of two discrete latents z_i.
    private static final double[] XS = {0.5, 1.5};
    private static final double GA = 0.1;
    private static final double EPS_G = 0.2;
    private static final double[] TH = {0.2, -0.4};
    private static final double[] ZS = {1, 0};

    private void mixedModel(Void unused) {
        Tensor g = sample("g", Normal.of(scalar(0.0), 1.0));
        try (var data = plate("data", 2)) {
            Tensor z = sample("zs", Bernoulli.probs(scalar(0.3)));
            sample("xs", Normal.of(g.add(z), 1.0), vec(XS));
        }
    }

    private void mixedGuide(Void unused) {
        Tensor ga = param("ga", () -> scalar(GA));
        sample("g", Normal.of(ga, 1.0));
        Tensor th = param("th", () -> vec(TH));
        try (var data = plate("data", 2)) {
            sample("zs", Bernoulli.logits(th));
        }
    }

    private static double bernoulliLogPmf(double z, double p) {
        return z == 1 ? Math.log(p) : Math.log1p(-p);
    }

    private static double sigmoid(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    @Test
    void scoreFunctionTermsAreWeightedByTheCostOfTheirOwnPlateEntry() {
        ElboEstimate e;
        try (var n = new InjectNoise(Map.of("g", scalar(EPS_G))).<InjectNoise>enter();
                var s = Handlers.substitute(Map.of("zs", vec(ZS)))) {
            e = new TraceElbo().estimate(this::mixedModel, this::mixedGuide, null);
        }
        double g = GA + EPS_G;
        double global = normalLogPdf(g, 0, 1) - normalLogPdf(g, GA, 1);
        double elbo = global;
        double[] cost = new double[2];
        for (int i = 0; i < 2; i++) {
            cost[i] =
                    bernoulliLogPmf(ZS[i], 0.3)
                            + normalLogPdf(XS[i], g + ZS[i], 1)
                            - bernoulliLogPmf(ZS[i], sigmoid(TH[i]))
                            + global;
            elbo += cost[i] - global;
        }
        assertThat(e.loss().item()).isCloseTo(-elbo, within(TOL));

        double[] gth = grads(e, "th");
        for (int i = 0; i < 2; i++) {
            // d log q(z_i) / d th_i = z_i - sigmoid(th_i); only entry i's cost weighs it.
            assertThat(gth[i]).isCloseTo(-cost[i] * (ZS[i] - sigmoid(TH[i])), within(TOL));
        }
        double dg = -g;
        for (int i = 0; i < 2; i++) {
            dg += XS[i] - g - ZS[i];
        }
        assertThat(grads(e, "ga")[0]).isCloseTo(-dg, within(TOL));
    }

    @Test
    void plateEntriesOfAnotherPlateAtTheSameDimAreSummedIntoTheCost() {
        double[] obs = {0.3, -0.2, 1.1};
        java.util.function.Consumer<Void> model =
                v -> {
                    try (var a = plate("a", 2)) {
                        sample("z", Bernoulli.probs(scalar(0.5)));
                    }
                    try (var b = plate("b", 3)) {
                        sample("x", Normal.of(scalar(0.0), 1.0), vec(obs));
                    }
                };
        java.util.function.Consumer<Void> guide =
                v -> {
                    Tensor th = param("th", () -> vec(TH));
                    try (var a = plate("a", 2)) {
                        sample("z", Bernoulli.logits(th));
                    }
                };
        ElboEstimate e;
        try (var s = Handlers.substitute(Map.of("z", vec(ZS)))) {
            e = new TraceElbo().estimate(model, guide, null);
        }
        double others = 0;
        for (double x : obs) {
            others += normalLogPdf(x, 0, 1);
        }
        double[] gth = grads(e, "th");
        for (int i = 0; i < 2; i++) {
            double cost = Math.log(0.5) - bernoulliLogPmf(ZS[i], sigmoid(TH[i])) + others;
            assertThat(gth[i]).isCloseTo(-cost * (ZS[i] - sigmoid(TH[i])), within(TOL));
        }
    }
}
