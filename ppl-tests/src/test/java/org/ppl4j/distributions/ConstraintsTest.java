package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;

class ConstraintsTest extends ReferenceScope {
    private static final List<Constraint> CONTINUOUS =
            List.of(
                    Constraints.real(),
                    Constraints.positive(),
                    Constraints.nonnegative(),
                    Constraints.greaterThan(-2),
                    Constraints.unitInterval(),
                    Constraints.interval(-1, 3));

    @Test
    void toUnconstrainedInvertsToConstrainedAndLandsInside() {
        Tensor u = vec(-3, -0.5, 0, 0.7, 4);
        for (Constraint c : CONTINUOUS) {
            Tensor y = c.toConstrained(u);
            assertThat(c.check(y).toDoubleArray()).as(c.name()).containsOnly(1.0);
            double[] back = c.toUnconstrained(y).toDoubleArray();
            for (int i = 0; i < back.length; i++) {
                assertThat(back[i]).as(c.name()).isCloseTo(u.toDoubleArray()[i], within(1e-9));
            }
        }
    }

    @Test
    void logAbsDetJacobianIsTheLogOfTheDerivative() {
        for (Constraint c : CONTINUOUS) {
            Tensor u = vec(-1.5, 0.3, 2).requiringGrad();
            Tensor y = c.toConstrained(u);
            double[] dydu = Autodiff.grad(y.sum(), u).toDoubleArray();
            double[] ladj = c.logAbsDetJacobian(u, y).toDoubleArray();
            for (int i = 0; i < 3; i++) {
                assertThat(ladj[i]).as(c.name()).isCloseTo(Math.log(dydu[i]), within(1e-9));
            }
        }
    }

    @Test
    void checksMarkTheRegion() {
        Tensor x = vec(-1, 0, 0.5, 1, 2, Double.NaN);
        assertThat(Constraints.real().check(x).toDoubleArray()).containsExactly(1, 1, 1, 1, 1, 0);
        assertThat(Constraints.positive().check(x).toDoubleArray())
                .containsExactly(0, 0, 1, 1, 1, 0);
        assertThat(Constraints.unitInterval().check(x).toDoubleArray())
                .containsExactly(0, 1, 1, 1, 0, 0);
        assertThat(Constraints.bool().check(x).toDoubleArray()).containsExactly(0, 1, 0, 1, 0, 0);
        assertThat(Constraints.integerInterval(0, 1).check(x).toDoubleArray())
                .containsExactly(0, 1, 0, 1, 0, 0);
        assertThat(Constraints.nonnegativeInteger().check(x).toDoubleArray())
                .containsExactly(0, 1, 0, 1, 1, 0);
    }

    @Test
    void independentChecksWholeEventsAndSumsTheJacobian() {
        Constraint c = Constraints.independent(Constraints.positive(), 1);
        assertThat(c.eventDim()).isEqualTo(1);
        assertThat(c.name()).isEqualTo("independent(positive, 1)");
        Tensor x = arr(new double[] {1, 2, 3, -1}, 2, 2);
        assertThat(c.check(x).toDoubleArray()).containsExactly(1, 0);
        assertThat(c.logAbsDetJacobian(x, x.exp()).toDoubleArray()).containsExactly(3, 2);
    }

    @Test
    void lowerCholeskyExponentiatesTheDiagonalAndDropsTheUpperTriangle() {
        Constraint c = Constraints.lowerCholesky();
        assertThat(c.eventDim()).isEqualTo(2);
        Tensor u = arr(new double[] {0.5, 9, -1, 2, 0, 7, 1, 0.25}, 2, 2, 2);
        Tensor l = c.toConstrained(u);
        assertValues(l, Math.exp(0.5), 0, -1, Math.exp(2), 1, 0, 1, Math.exp(0.25));
        assertThat(c.check(l).toDoubleArray()).containsExactly(1, 1);
        assertValues(c.toUnconstrained(l), 0.5, 0, -1, 2, 0, 0, 1, 0.25);
        assertValues(c.logAbsDetJacobian(u, l), 2.5, 0.25);
        Tensor bad =
                arr(
                        new double[] {1, 0, 0, 1, 1, 1e-9, 0, 1, 1, 0, 0, 0, 1, 0, 0, Double.NaN},
                        4,
                        2,
                        2);
        assertThat(c.check(bad).toDoubleArray()).containsExactly(1, 0, 0, 0);
        assertThatThrownBy(() -> c.check(vec(1, 2)))
                .hasMessageContaining("lowerCholesky: a point is a square matrix [..., n, n]");
    }

    @Test
    void positiveDefiniteChecksSymmetryAndEveryPivot() {
        Constraint c = Constraints.positiveDefinite();
        assertThat(c.eventDim()).isEqualTo(2);
        double[] m = {
            4, 2, 0.6, 2, 2, 0.5, 0.6, 0.5, 3, // positive definite
            1, 2, 0, 2, 1, 0, 0, 0, 1, // indefinite: pivot 2 is -3
            1, 0, 0, 0, 1, 0, 0, 0, 0, // singular: pivot 3 is 0
            4, 2, 0.6, 2.1, 2, 0.5, 0.6, 0.5, 3, // not symmetric
            4, 2, 0.6, 2, 2, 0.5, 0.6, 0.5, Double.NaN
        };
        assertThat(c.check(arr(m, 5, 3, 3)).toDoubleArray()).containsExactly(1, 0, 0, 0, 0);
        Tensor u = arr(new double[] {0.3, 0, -1.2, 0.7}, 2, 2);
        Tensor cov = c.toConstrained(u);
        double l00 = Math.exp(0.3);
        double l11 = Math.exp(0.7);
        assertValues(cov, l00 * l00, -1.2 * l00, -1.2 * l00, 1.44 + l11 * l11);
        assertThat(c.check(cov).toDoubleArray()).containsExactly(1);
        double[] back = c.toUnconstrained(cov).toDoubleArray();
        for (int i = 0; i < 4; i++) {
            assertThat(back[i]).isCloseTo(u.toDoubleArray()[i], within(1e-12));
        }
        assertThatThrownBy(() -> c.logAbsDetJacobian(u, cov))
                .hasMessageContaining("positiveDefinite: the log-Jacobian")
                .hasMessageContaining("sample a lowerCholesky factor instead");
    }

    @Test
    void discreteConstraintsHaveNoBijection() {
        assertThatThrownBy(() -> Constraints.bool().toConstrained(vec(0)))
                .hasMessageContaining("constraint boolean is discrete");
    }

    @Test
    void supportsAreThoseOfPyro() {
        assertThat(Normal.of(vec(0), vec(1)).support().name()).isEqualTo("real");
        assertThat(Normal.of(vec(0), vec(1)).toEvent(1).support().name())
                .isEqualTo("independent(real, 1)");
        assertThat(Exponential.of(vec(1)).support().name()).isEqualTo("nonnegative");
        assertThat(Categorical.probs(vec(1, 1, 1)).support().name())
                .isEqualTo("integerInterval(0, 2)");
        assertThat(Bernoulli.probs(vec(0.5)).support().name()).isEqualTo("boolean");
        Tensor eye = arr(new double[] {1, 0, 0, 1}, 2, 2);
        assertThat(MultivariateNormal.ofScaleTril(vec(0, 0), eye).support().name())
                .isEqualTo("independent(real, 1)");
        assertThat(
                        LowRankMultivariateNormal.of(
                                        vec(0, 0), arr(new double[] {1, 1}, 2, 1), vec(1, 1))
                                .support()
                                .name())
                .isEqualTo("independent(real, 1)");
    }
}
