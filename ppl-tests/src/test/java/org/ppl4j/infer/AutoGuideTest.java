package org.ppl4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.ppl4j.Ppl;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Exponential;
import org.ppl4j.distributions.MultivariateNormal;
import org.ppl4j.distributions.Normal;
import org.ppl4j.distributions.Uniform;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.handlers.Site;
import org.ppl4j.handlers.Trace;
import org.ppl4j.infer.autoguide.AutoContinuous;
import org.ppl4j.infer.autoguide.AutoDelta;
import org.ppl4j.infer.autoguide.AutoDiagonalNormal;
import org.ppl4j.infer.autoguide.AutoLowRankMultivariateNormal;
import org.ppl4j.infer.autoguide.AutoMultivariateNormal;
import org.ppl4j.infer.autoguide.AutoNormal;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

class AutoGuideTest extends ProgramScope {
    private static final double[] DATA = {2.1, 1.7, 2.6, 2.2};

    /** A real, a positive and a bounded latent, one of them a vector in a plate. */
    private static void model(Tensor data) {
        Tensor loc = sample("loc", Normal.of(scalar(0.0), 3.0));
        Tensor rate = sample("rate", Exponential.of(Tensor.scalar(1.0, DType.F64)));
        Tensor frac = sample("frac", Uniform.of(scalar(0.0), scalar(1.0)));
        try (var p = plate("data", data.dim(0))) {
            Tensor local = sample("local", Normal.of(loc, 1.0));
            sample("obs", Normal.of(local.mul(frac.add(0.5)), rate.add(0.5)), data);
        }
    }

    private static double meanLoss(Svi<Tensor> svi, Tensor data, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += svi.step(data);
        }
        return sum / (to - from);
    }

    private static void reducesTheLoss(Consumer<Tensor> guide) {
        Ppl.seed(7);
        Tensor data = vec(DATA);
        var svi = new Svi<>(AutoGuideTest::model, guide, new Adam(0.05), new TraceElbo(2));
        double early = meanLoss(svi, data, 0, 20);
        meanLoss(svi, data, 20, 300);
        double late = meanLoss(svi, data, 300, 320);
        assertThat(late).isLessThan(early - 1.0);
    }

    @Test
    void autoNormalRunsAndReducesTheLoss() {
        reducesTheLoss(new AutoNormal<>(AutoGuideTest::model));
        ParamStore store = PplContext.current().paramStore();
        assertThat(store.names())
                .contains("AutoNormal.locs.loc", "AutoNormal.scales.rate", "AutoNormal.locs.frac");
        assertThat(store.get("AutoNormal.locs.local").shape()).isEqualTo(Shape.of(4));
    }

    @Test
    void autoDeltaRunsAndReducesTheLoss() {
        reducesTheLoss(new AutoDelta<>(AutoGuideTest::model));
        ParamStore store = PplContext.current().paramStore();
        assertThat(store.get("AutoDelta.rate").item()).isPositive();
        assertThat(store.get("AutoDelta.frac").item()).isBetween(0.0, 1.0);
        assertThat(store.get("AutoDelta.local").shape()).isEqualTo(Shape.of(4));
    }

    @Test
    void autoDiagonalNormalRunsAndReducesTheLoss() {
        reducesTheLoss(new AutoDiagonalNormal<>(AutoGuideTest::model));
        ParamStore store = PplContext.current().paramStore();
        assertThat(store.get("AutoDiagonalNormal.loc").shape()).isEqualTo(Shape.of(7));
        assertThat(store.get("AutoDiagonalNormal.scale").shape()).isEqualTo(Shape.of(7));
    }

    @Test
    void autoGuideSitesLieInTheSupportAndTheModelsPlates() {
        var guide = new AutoNormal<Tensor>(AutoGuideTest::model);
        Trace tr = Handlers.trace(() -> guide.accept(vec(DATA)));
        assertThat(tr.sampleSites())
                .extracting(Site::name)
                .containsExactly(
                        "loc_unconstrained",
                        "loc",
                        "rate_unconstrained",
                        "rate",
                        "frac_unconstrained",
                        "frac",
                        "local_unconstrained",
                        "local");
        assertThat(tr.site("rate").value().item()).isPositive();
        assertThat(tr.site("frac").value().item()).isBetween(0.0, 1.0);
        assertThat(tr.site("local").frames()).extracting(f -> f.name()).containsExactly("data");
        assertThat(tr.site("local").value().shape()).isEqualTo(Shape.of(4));
        // log q(rate) = log N(u) - log |d exp(u) / du| = log N(u) - u
        double u = tr.site("rate_unconstrained").value().item();
        assertThat(tr.logProb("rate").item()).isCloseTo(-u, within(1e-12));
    }

    @Test
    void autoDeltaFindsTheMapOfTheConjugateModel() {
        Consumer<Tensor> model =
                data -> {
                    Tensor mu = sample("mu", Normal.of(scalar(0.0), 1.0));
                    try (var p = plate("data", data.dim(0))) {
                        sample("obs", Normal.of(mu, 1.0), data);
                    }
                };
        Ppl.seed(2);
        var svi = new Svi<>(model, new AutoDelta<>(model), new Adam(0.05), new TraceElbo());
        Tensor data = vec(DATA);
        for (int i = 0; i < 500; i++) {
            svi.step(data);
        }
        double sum = java.util.Arrays.stream(DATA).sum();
        double map = sum / (1 + DATA.length);
        assertThat(PplContext.current().paramStore().get("AutoDelta.mu").item())
                .isCloseTo(map, within(0.01));
    }

    @Test
    void aModelWithoutLatentsIsReported() {
        var guide = new AutoNormal<Tensor>(d -> sample("obs", Normal.of(scalar(0.0), 1.0), d));
        assertThatThrownBy(() -> guide.accept(scalar(1.0)))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("AutoNormal")
                .hasMessageContaining("no latent");
    }

    /** A vector latent with a positive support: the Jacobian is summed once, over the event. */
    @Test
    void aPositiveVectorLatentGetsItsJacobianOnceOverTheEvent() {
        Consumer<Tensor> model = d -> sample("v", Exponential.of(vec(1, 2, 3)).toEvent(1));
        var guide = new AutoNormal<Tensor>(model);
        Trace tr = Handlers.trace(() -> guide.accept(scalar(0.0)));
        double[] u = tr.site("v_unconstrained").value().toDoubleArray();
        assertThat(tr.logProb("v").shape()).isEqualTo(Shape.of());
        assertThat(tr.logProb("v").item()).isCloseTo(-(u[0] + u[1] + u[2]), within(1e-12));
        var diag = new AutoDiagonalNormal<Tensor>(model);
        Trace td = Handlers.trace(() -> diag.accept(scalar(0.0)));
        double[] v = td.site("v").value().toDoubleArray();
        double sumLog = Math.log(v[0]) + Math.log(v[1]) + Math.log(v[2]);
        assertThat(td.logProb("v").item()).isCloseTo(-sumLog, within(1e-12));
    }

    /** A correlated vector latent and a positive one, for the guides over the flat latent. */
    private static void pairModel(Tensor data) {
        Tensor cov = arr(new double[] {1, 0.5, 0.5, 2}, 2, 2);
        sample("z", MultivariateNormal.ofCovariance(vec(0, 1), cov));
        sample("rate", Exponential.of(Tensor.scalar(2.0, DType.F64)));
    }

    @Test
    void autoMultivariateNormalHasPyrosParamsAndInit() {
        var guide = new AutoMultivariateNormal<Tensor>(AutoGuideTest::pairModel);
        guide.accept(scalar(0.0));
        ParamStore store = PplContext.current().paramStore();
        assertThat(store.names())
                .containsExactly("AutoMultivariateNormal.loc", "AutoMultivariateNormal.scale_tril");
        assertThat(store.constraint("AutoMultivariateNormal.scale_tril").name())
                .isEqualTo("lowerCholesky");
        assertValues(
                store.get("AutoMultivariateNormal.scale_tril"), 0.1, 0, 0, 0, 0.1, 0, 0, 0, 0.1);
        assertThat(store.get("AutoMultivariateNormal.loc").shape()).isEqualTo(Shape.of(3));
    }

    @Test
    void autoLowRankMultivariateNormalHasPyrosParamsRankAndInit() {
        var guide = new AutoLowRankMultivariateNormal<Tensor>(AutoGuideTest::pairModel);
        guide.accept(scalar(0.0));
        assertThat(guide.rank()).isEqualTo(2); // round(sqrt(3))
        ParamStore store = PplContext.current().paramStore();
        assertThat(store.names())
                .containsExactly(
                        "AutoLowRankMultivariateNormal.loc",
                        "AutoLowRankMultivariateNormal.cov_factor",
                        "AutoLowRankMultivariateNormal.cov_diag");
        assertThat(store.get("AutoLowRankMultivariateNormal.cov_factor").shape())
                .isEqualTo(Shape.of(3, 2));
        assertValues(store.get("AutoLowRankMultivariateNormal.cov_diag"), 0.005, 0.005, 0.005);
        assertThat(store.constraint("AutoLowRankMultivariateNormal.cov_diag").name())
                .isEqualTo("positive");
        assertThatThrownBy(() -> new AutoLowRankMultivariateNormal<Tensor>(d -> {}, 0.1, -1))
                .hasMessageContaining("rank >= 1");
    }

    /**
     * Medians are the locs mapped through the supports; quantiles add Phi^-1(q) marginal standard
     * deviations first (1.6449 for 0.95), on every guide over the flat latent.
     */
    @Test
    void mediansAndQuantilesMapTheNormalMarginalsThroughTheSupports() {
        var full = new AutoMultivariateNormal<Tensor>(AutoGuideTest::pairModel);
        var diag = new AutoDiagonalNormal<Tensor>(AutoGuideTest::pairModel);
        assertThatThrownBy(full::median).hasMessageContaining("has not run yet");
        for (AutoContinuous<Tensor> g : java.util.List.of(full, diag)) {
            g.accept(scalar(0.0));
            String p = g.getClass().getSimpleName();
            double[] loc = PplContext.current().paramStore().get(p + ".loc").toDoubleArray();
            var median = g.median();
            assertThat(median.keySet()).containsExactly("z", "rate");
            assertThat(median.get("z").shape()).isEqualTo(Shape.of(2));
            assertValues(median.get("z"), loc[0], loc[1]);
            assertValues(median.get("rate"), Math.exp(loc[2]));
            var q = g.quantiles(0.05, 0.95);
            assertThat(q.get("z").shape()).isEqualTo(Shape.of(2, 2));
            assertThat(q.get("rate").shape()).isEqualTo(Shape.of(2));
            double z95 = 1.6448536269514722;
            assertValues(q.get("rate"), Math.exp(loc[2] - z95 * 0.1), Math.exp(loc[2] + z95 * 0.1));
            assertThat(q.get("z").toDoubleArray()[2]).isCloseTo(loc[0] + z95 * 0.1, within(1e-12));
        }
        assertThatThrownBy(() -> full.quantiles(1.0)).hasMessageContaining("1.0 is not in (0, 1)");
    }

    private static void assertValues(Tensor t, double... expected) {
        double[] got = t.toDoubleArray();
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got[i]).as("entry %d", i).isCloseTo(expected[i], within(1e-12));
        }
    }
}
