package org.ppl4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Normal;
import org.ppl4j.distributions.Uniform;
import org.ppl4j.distributions.ValidationException;
import org.ppl4j.optim.Sgd;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

/** Svi names the site whose log-density made the loss non-finite. */
class SviErrorTest extends ProgramScope {
    private static void uniformModel(Void unused) {
        Tensor loc = param("loc", () -> scalar(0.0));
        Tensor z = sample("z", Normal.of(loc, 1.0));
        sample("y", Uniform.of(loc.sub(1.0), loc.add(1.0)), scalar(5.0));
    }

    private static void zGuide(Void unused) {
        sample("z", Normal.of(param("zloc", () -> scalar(0.0)), 1.0));
    }

    @Test
    void anObservationOutsideTheSupportWithValidationOffIsNamed() {
        PplContext.current().validationEnabled(false);
        var svi =
                new Svi<Void>(
                        SviErrorTest::uniformModel,
                        SviErrorTest::zGuide,
                        new Sgd(0.1),
                        new TraceElbo());
        assertThatThrownBy(() -> svi.step(null))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("loss is Infinity")
                .hasMessageContaining("site 'y'")
                .hasMessageContaining("-Infinity");
    }

    @Test
    void withValidationOnTheSameObservationFailsNamingTheSite() {
        var svi =
                new Svi<Void>(
                        SviErrorTest::uniformModel,
                        SviErrorTest::zGuide,
                        new Sgd(0.1),
                        new TraceElbo());
        assertThatThrownBy(() -> svi.step(null))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("site 'y': Uniform argument 'value'");
    }

    @Test
    void aScaleParamDrivenToZeroIsNamed() {
        PplContext.current().validationEnabled(false);
        var svi =
                new Svi<Void>(
                        v -> {
                            Tensor s = param("s", () -> scalar(1.0), Constraints.positive());
                            sample("x", Normal.of(scalar(0.0), s), scalar(0.0));
                        },
                        v -> {},
                        new Sgd(1000.0),
                        new TraceElbo());
        // log N(0; 0, s) = -log s - c: one huge step sends log s to -1000, s to 0.
        double first = svi.step(null);
        assertThat(first).isFinite();
        assertThat(PplContext.current().paramStore().get("s").item()).isZero();
        assertThatThrownBy(() -> svi.step(null))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("loss is NaN")
                .hasMessageContaining("site 'x'");
    }

    @Test
    void aProgramWithoutSampleSitesIsReported() {
        var svi = new Svi<Void>(v -> {}, v -> {}, new Sgd(0.1), new TraceElbo());
        assertThatThrownBy(() -> svi.step(null)).hasMessageContaining("no sample sites");
    }

    @Test
    void aGuideSiteTheModelNeverSamplesIsReportedOnceByName() {
        java.util.List<String> reports = new java.util.ArrayList<>();
        TraceElbo elbo =
                new TraceElbo() {
                    @Override
                    protected void report(String message) {
                        reports.add(message);
                    }
                };
        var svi =
                new Svi<Void>(
                        v -> {
                            Tensor z = sample("z", Normal.of(scalar(0.0), 1.0));
                            sample("x", Normal.of(z, 1.0), scalar(0.5));
                        },
                        v -> {
                            sample("z", Normal.of(param("zloc", () -> scalar(0.0)), 1.0));
                            sample("zz", Normal.of(scalar(0.0), 1.0));
                        },
                        new Sgd(0.01),
                        elbo);
        svi.step(null);
        svi.step(null);
        assertThat(reports)
                .containsExactly(
                        "guide sample site 'zz' is not sampled by the model: the ELBO pairs it"
                                + " with nothing; check the site's name in model and guide");
    }
}
