package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ppl4j.distributions.LawChecks.assertLaw;
import static org.ppl4j.distributions.LawChecks.assertMoments;
import static org.ppl4j.distributions.LawChecks.draw;
import static org.ppl4j.distributions.LawChecks.lawBackend;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.internal.math.SpecialMath;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Laplace, Cauchy, HalfNormal, HalfCauchy and StudentT: their laws (KS and moments of 10^5 draws),
 * shapes, validation and gradients; their densities are checked against PyTorch by
 * TorchDistributionsTest.
 */
class ContinuousKindsTest extends ReferenceScope {
    private static final DType F64 = DType.F64;

    @Test
    void drawsFollowTheirLaws() {
        Rng saved = PplContext.current().rng();
        try (var scope = new TensorScope(lawBackend())) {
            double[] lap = draw(Laplace.of(1, 2, F64), 1);
            assertMoments(lap, 1, 8);
            assertLaw(
                    "Laplace(1, 2)",
                    lap,
                    x -> x < 1 ? 0.5 * Math.exp((x - 1) / 2) : 1 - 0.5 * Math.exp(-(x - 1) / 2));
            assertLaw(
                    "Cauchy(0.5, 2)",
                    draw(Cauchy.of(0.5, 2, F64), 2),
                    x -> 0.5 + Math.atan((x - 0.5) / 2) / Math.PI);
            double[] hn = draw(HalfNormal.of(1.5, F64), 3);
            assertMoments(hn, 1.5 * Math.sqrt(2 / Math.PI), 2.25 * (1 - 2 / Math.PI));
            assertLaw("HalfNormal(1.5)", hn, x -> SpecialMath.erf(x / (1.5 * Math.sqrt(2))));
            assertLaw(
                    "HalfCauchy(2)",
                    draw(HalfCauchy.of(2, F64), 4),
                    x -> 2 / Math.PI * Math.atan(x / 2));
            // t with 2 degrees of freedom has the CDF 1/2 + t / (2 sqrt(2 + t^2))
            assertLaw(
                    "StudentT(2, 1, 0.5)",
                    draw(StudentT.of(2, 1, 0.5, F64), 5),
                    x -> {
                        double t = (x - 1) / 0.5;
                        return 0.5 + t / (2 * Math.sqrt(2 + t * t));
                    });
            assertMoments(draw(StudentT.of(10, -1, 2, F64), 6), -1, 4 * 10.0 / 8);
        } finally {
            PplContext.current().rng(saved);
        }
    }

    @Test
    void momentsFollowPyTorchWhereTheyDoNotExist() {
        assertThat(Cauchy.of(vec(0, 1), vec(1, 1)).mean().toDoubleArray()).containsOnly(Double.NaN);
        assertThat(HalfCauchy.of(vec(1)).variance().item()).isInfinite();
        StudentT t = StudentT.of(vec(0.5, 1.5, 3), scalar(2), scalar(1));
        assertThat(t.mean().toDoubleArray()).containsExactly(Double.NaN, 2, 2);
        assertThat(t.variance().toDoubleArray())
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, 3);
    }

    @Test
    void shapesAndValidationFollowTheOtherKinds() {
        assertThat(StudentT.of(vec(3, 4), scalar(0), vec(1, 2)).sample(5).shape())
                .isEqualTo(Shape.of(5, 2));
        assertThat(Laplace.of(vec(0, 1, 2), scalar(1)).expand(4, 3).rsample().shape())
                .isEqualTo(Shape.of(4, 3));
        assertThat(HalfNormal.of(vec(1, 2)).toEvent(1).logProb(vec(0.5, 1)).shape())
                .isEqualTo(Shape.scalar());
        assertThatThrownBy(() -> HalfNormal.of(vec(1)).logProb(vec(-1)))
                .hasMessageContaining("HalfNormal argument 'value' has 1 of 1 entries < 0");
        assertThat(HalfNormal.of(vec(1)).withValidation(false).logProb(vec(-1)).item())
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> StudentT.of(vec(0), scalar(0), scalar(1)))
                .hasMessageContaining("StudentT argument 'df' has 1 of 1 entries <= 0");
        assertThatThrownBy(() -> Cauchy.of(scalar(0), scalar(-1)))
                .hasMessageContaining("Cauchy argument 'scale' has 1 of 1 entries <= 0");
    }

    @Test
    void rsampleGradientsReachEveryParameter() {
        Tensor df = scalar(4).requiringGrad();
        Tensor loc = scalar(1).requiringGrad();
        Tensor scale = scalar(2).requiringGrad();
        Tensor t = StudentT.of(df, loc, scale).rsample(2000);
        List<Tensor> g = Autodiff.grad(t.abs().mean(), List.of(df, loc, scale), false);
        // E|loc + scale T| grows with scale and falls as df grows (lighter tails)
        assertThat(g.get(2).item()).isPositive();
        assertThat(g.get(0).item()).isNegative().isFinite();
        Tensor b = scalar(0.5).requiringGrad();
        Tensor lap = Laplace.of(scalar(0), b).rsample(100);
        assertThat(Autodiff.grad(lap.abs().mean(), b).item())
                .isEqualTo(
                        lap.abs().mean().item() / 0.5,
                        org.assertj.core.api.Assertions.within(1e-12));
    }
}
