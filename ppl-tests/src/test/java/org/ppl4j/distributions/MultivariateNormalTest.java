package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.handlers.Trace;
import org.ppl4j.spi.BackendException;
import org.ppl4j.tensor.Tensor;

/**
 * Shapes, validation, expand, plates and hand-computed densities of MultivariateNormal and
 * LowRankMultivariateNormal (their numbers against PyTorch are TorchMultivariateNormalTest's).
 */
class MultivariateNormalTest extends ReferenceScope {
    /** [[2, 0.6], [0.6, 1]] = W W^T + D with W = [1, 0.6]^T and D = [1, 0.64]. */
    private static final double[] COV = {2, 0.6, 0.6, 1};

    private static Tensor cov() {
        return arr(COV, 2, 2);
    }

    private static Tensor eye(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return arr(e, n, n);
    }

    /** -(x^T S^-1 x + log det S + 2 log 2 pi) / 2 for COV, by hand. */
    private static double logDensity(double x0, double x1) {
        double det = 2 * 1 - 0.6 * 0.6;
        double q = (1 * x0 * x0 - 2 * 0.6 * x0 * x1 + 2 * x1 * x1) / det;
        return -0.5 * (q + Math.log(det) + 2 * Math.log(2 * Math.PI));
    }

    @Test
    void everyParameterizationGivesTheSameDensity() {
        Tensor loc = vec(0.5, -1);
        Tensor x = arr(new double[] {0.5, -1, 2, 0.3, -1.5, 4}, 3, 2);
        double[] want = {
            logDensity(0, 0), logDensity(1.5, 1.3), logDensity(-2, 5),
        };
        Tensor l = cov().cholesky();
        double[] inv = {1 / 1.64, -0.6 / 1.64, -0.6 / 1.64, 2 / 1.64};
        Distribution[] all = {
            MultivariateNormal.ofScaleTril(loc, l),
            MultivariateNormal.ofCovariance(loc, cov()),
            MultivariateNormal.ofPrecision(loc, arr(inv, 2, 2)),
            LowRankMultivariateNormal.of(loc, arr(new double[] {1, 0.6}, 2, 1), vec(1, 0.64)),
        };
        for (Distribution d : all) {
            assertValues(d.logProb(x), want);
            assertValues(d.mean(), 0.5, -1);
            assertValues(d.variance(), 2, 1);
        }
        assertValues(((MultivariateNormal) all[2]).covarianceMatrix(), COV);
        assertValues(((LowRankMultivariateNormal) all[3]).covarianceMatrix(), COV);
    }

    @Test
    void batchShapesBroadcastAndSamplesFollowTheShapeRule() {
        Tensor l = eye(3);
        var a = MultivariateNormal.ofScaleTril(Tensor.zeros(DType.F64, 2, 3), l);
        assertThat(a.batchShape()).isEqualTo(Shape.of(2));
        assertThat(a.eventShape()).isEqualTo(Shape.of(3));
        assertThat(a.sample(4).shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(a.logProb(a.sample(4)).shape()).isEqualTo(Shape.of(4, 2));
        assertThat(a.scaleTril().shape()).isEqualTo(Shape.of(2, 3, 3));
        Tensor batchL = arr(new double[18], 2, 3, 3).add(eye(3));
        var b = MultivariateNormal.ofScaleTril(arr(new double[12], 4, 1, 3), batchL);
        assertThat(b.batchShape()).isEqualTo(Shape.of(4, 2));
        assertThat(b.sample(5).shape()).isEqualTo(Shape.of(5, 4, 2, 3));
        assertThat(b.mean().shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(b.variance().shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(b.covarianceMatrix().shape()).isEqualTo(Shape.of(4, 2, 3, 3));
        var c =
                LowRankMultivariateNormal.of(
                        vec(0, 0, 0), arr(new double[] {1, 2, 3, 4, 5, 6}, 2, 3, 1), vec(1, 1, 1));
        assertThat(c.batchShape()).isEqualTo(Shape.of(2));
        assertThat(c.rank()).isEqualTo(1);
        Tensor draws = c.sample(6);
        assertThat(draws.shape()).isEqualTo(Shape.of(6, 2, 3));
        assertThat(c.logProb(draws).shape()).isEqualTo(Shape.of(6, 2));
    }

    @Test
    void insideAPlateTheBatchShapeGrowsToTheLeftOfTheEvent() {
        Trace tr;
        try (var t = Handlers.trace();
                var p = plate("data", 4)) {
            sample("z", MultivariateNormal.ofCovariance(vec(0, 0), cov()));
            sample(
                    "w",
                    LowRankMultivariateNormal.of(
                            vec(0, 0), arr(new double[] {1, 0.6}, 2, 1), vec(1, 1)));
            tr = t.trace();
        }
        for (String site : new String[] {"z", "w"}) {
            assertThat(tr.site(site).fn().batchShape()).isEqualTo(Shape.of(4));
            assertThat(tr.site(site).value().shape()).isEqualTo(Shape.of(4, 2));
            assertThat(tr.logProb(site).shape()).isEqualTo(Shape.of(4));
        }
    }

    @Test
    void expandBroadcastsLocAndKeepsOneFactor() {
        var d = MultivariateNormal.ofCovariance(vec(0.5, -1), cov());
        var e = d.expand(5, 3);
        assertThat(e.batchShape()).isEqualTo(Shape.of(5, 3));
        assertThat(e.unbroadcastScaleTril().shape()).isEqualTo(Shape.of(2, 2));
        assertThat(e.sample(2).shape()).isEqualTo(Shape.of(2, 5, 3, 2));
        assertThat(e.logProb(vec(0, 0)).shape()).isEqualTo(Shape.of(5, 3));
        assertThat(e.logProb(vec(0, 0)).toDoubleArray()).containsOnly(d.logProb(vec(0, 0)).item());
        var low =
                LowRankMultivariateNormal.of(
                        vec(0, 0), arr(new double[] {1, 0.6}, 2, 1), vec(1, 1));
        assertThat(low.expand(7).sample().shape()).isEqualTo(Shape.of(7, 2));
        assertThatThrownBy(() -> e.expand(4))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("MultivariateNormal.expand([4]): batch shape [5, 3]");
    }

    @Test
    void rsampleIsLocPlusTheFactorTimesTheNoise() {
        var d = MultivariateNormal.ofScaleTril(vec(1, 2), arr(new double[] {2, 0, 0.5, 3}, 2, 2));
        assertValues(d.rsampleWithNoise(vec(1, -1)), 3, 2 + 0.5 - 3);
        var low =
                LowRankMultivariateNormal.of(
                        vec(1, 2), arr(new double[] {1, 0.6}, 2, 1), vec(4, 9));
        assertValues(low.rsampleWithNoise(vec(2, 1, -1)), 1 + 2 + 2, 2 + 1.2 - 3);
        assertThatThrownBy(() -> low.rsampleWithNoise(vec(1, 2)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("noise of shape [2] must have shape sampleShape + [3]")
                .hasMessageContaining("eps_W then eps_D");
        assertThatThrownBy(() -> d.rsampleWithNoise(vec(1, 2, 3)))
                .hasMessageContaining("noise of shape [3]");
    }

    @Test
    void badParametersAreRefusedNamingTheArgument() {
        Tensor upper = arr(new double[] {1, 0.5, 0, 1}, 2, 2);
        assertThatThrownBy(() -> MultivariateNormal.ofScaleTril(vec(0, 0), upper))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("MultivariateNormal argument 'scaleTril' has 1 of 1 entries")
                .hasMessageContaining("not lower triangular with a positive diagonal")
                .hasMessageContaining("Constraints.lowerCholesky()");
        Tensor indefinite = arr(new double[] {1, 2, 2, 1, 2, 0, 0, 2}, 2, 2, 2);
        assertThatThrownBy(() -> MultivariateNormal.ofCovariance(vec(0, 0), indefinite))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("argument 'covarianceMatrix' has 1 of 2 entries")
                .hasMessageContaining("not symmetric positive definite");
        Tensor skew = arr(new double[] {2, 0.5, 0.4, 2}, 2, 2);
        assertThatThrownBy(() -> MultivariateNormal.ofPrecision(vec(0, 0), skew))
                .hasMessageContaining("argument 'precisionMatrix'");
        assertThatThrownBy(() -> MultivariateNormal.ofScaleTril(vec(Double.NaN, 0), eye(2)))
                .hasMessageContaining("argument 'loc'");
        assertThatThrownBy(
                        () ->
                                LowRankMultivariateNormal.of(
                                        vec(0, 0), arr(new double[] {1, 1}, 2, 1), vec(1, 0)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("LowRankMultivariateNormal argument 'covDiag' has 1 of 2");
        var d = MultivariateNormal.ofScaleTril(vec(0, 0), eye(2));
        assertThatThrownBy(() -> d.logProb(vec(Double.NaN, 1)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("argument 'value'");
    }

    @Test
    void withoutValidationAnIndefiniteCovarianceFailsInTheFactorization() {
        PplContext.current().validationEnabled(false);
        Tensor indefinite = arr(new double[] {1, 2, 2, 1}, 2, 2);
        assertThatThrownBy(() -> MultivariateNormal.ofCovariance(vec(0, 0), indefinite))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("failed in CHOLESKY")
                .hasMessageContaining("not positive definite");
        Tensor upper = arr(new double[] {1, 0.5, 0, 1}, 2, 2);
        var d = MultivariateNormal.ofScaleTril(vec(0, 0), upper);
        assertThat(d.validationEnabled()).isFalse();
        assertThatThrownBy(() -> d.withValidation(true))
                .hasMessageContaining("argument 'scaleTril'");
    }

    @Test
    void shapeAndDtypeMistakesNameTheArgument() {
        assertThatThrownBy(() -> MultivariateNormal.ofScaleTril(vec(0, 0, 0), eye(2)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("scaleTril of shape [2, 2] must be [..., 3, 3]")
                .hasMessageContaining("loc of shape [3]");
        assertThatThrownBy(() -> MultivariateNormal.ofCovariance(scalar(0), eye(1)))
                .hasMessageContaining("loc of shape [] must be a vector")
                .hasMessageContaining("use Normal");
        assertThatThrownBy(() -> MultivariateNormal.ofScaleTril(vec(0, 0), eye(2).cast(DType.F32)))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("'loc' is float64 but 'scaleTril' is float32");
        assertThatThrownBy(
                        () ->
                                LowRankMultivariateNormal.of(
                                        vec(0, 0), arr(new double[3], 3, 1), vec(1, 1)))
                .hasMessageContaining("covFactor of shape [3, 1] must be [..., 2, r]");
        assertThatThrownBy(
                        () ->
                                LowRankMultivariateNormal.of(
                                        vec(0, 0), arr(new double[2], 2, 1), vec(1, 1, 1)))
                .hasMessageContaining("covDiag of shape [3] must be [..., 2]");
    }

    @Test
    void klIsZeroForEqualDistributionsAndPositiveOtherwise() {
        var p = MultivariateNormal.ofCovariance(vec(0.5, -1), cov());
        var q = MultivariateNormal.ofScaleTril(vec(0, 0), eye(2));
        assertThat(KL.isRegistered(p, q)).isTrue();
        assertThat(KL.divergence(p, p).item()).isCloseTo(0, within(1e-12));
        // KL(N(m, S) || N(0, I)) = (tr S + |m|^2 - 2 - log det S) / 2
        double want = 0.5 * (3 + 1.25 - 2 - Math.log(1.64));
        assertThat(KL.divergence(p, q).item()).isCloseTo(want, within(1e-12));
        var r = MultivariateNormal.ofScaleTril(vec(0, 0, 0), eye(3));
        assertThatThrownBy(() -> KL.divergence(p, r))
                .hasMessageContaining("event shapes [2] and [3] differ");
    }
}
