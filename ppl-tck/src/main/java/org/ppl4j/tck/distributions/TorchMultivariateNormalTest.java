package org.ppl4j.tck.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.DType;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.distributions.KL;
import org.ppl4j.distributions.LowRankMultivariateNormal;
import org.ppl4j.distributions.MultivariateNormal;
import org.ppl4j.spi.Backend;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * MultivariateNormal (from a scale_tril, a covariance and a precision) and
 * LowRankMultivariateNormal against PyTorch 1.13 ({@code torch-distributions/mvn.json}, written by
 * {@code make_mvn_fixture.py} beside it) on every backend: log-probs at draws and far out, means,
 * variances, KL divergences, reparameterized draws at PyTorch's noise, and the gradients of {@code
 * sum(x * c)} and {@code sum(logProb(x))} through those draws with respect to every parameter.
 *
 * <p>Tolerance: {@code |got - torch| <= rtol max(|torch|, 1)}, the floor 1 because a log-density
 * near 0 is a difference of terms of size {@code n log(2 pi)}. rtol is 1e-10 in float64, or {@code
 * 1e-15 cond} where that is larger (condition numbers above 1e5: a factorization's forward error is
 * of order {@code cond * eps}, so two correct implementations differ by up to a few times that; the
 * low-rank case with a diagonal of 1e-8, condition 4e8, differs by 5e-8 in {@code d logProb / d
 * covDiag}), and 1e-5 in float32 for the well-conditioned cases (condition below 60, so that {@code
 * cond * eps} stays below a third of it). Gradients are compared norm-wise, against the largest
 * entry of the same gradient: each sums terms over several draws that cancel (a float32 {@code d
 * logProb / d covDiag} of -5.8 is a sum of terms near 40), and the rounding of those terms, not of
 * the sum, sets its error. A covariance's or precision's gradient is compared symmetrized, {@code
 * (G + G^T) / 2}: ppl4j's reads the lower triangle, PyTorch's is symmetric (see {@code LinalgOp}).
 */
@Tag(Layer.DISTRIBUTIONS)
class TorchMultivariateNormalTest {
    private static final TorchFixture FIXTURE = TorchFixture.load("mvn.json");

    private static List<Map<?, ?>> cases(String key) {
        return FIXTURE.cases(key);
    }

    private static double[] data(Object encoded) {
        List<?> d = (List<?>) ((Map<?, ?>) encoded).get("data");
        return d.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private static Tensor tensor(Object encoded, DType dt) {
        List<?> s = (List<?>) ((Map<?, ?>) encoded).get("shape");
        int[] shape = s.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        return Tensor.of(data(encoded), dt, shape);
    }

    /** Collects every disagreement, so one failure reports them all. */
    private static final class Check {
        final List<String> problems = new ArrayList<>();
        final DType dt;
        int compared;
        double worst;
        String worstAt = "nowhere";

        Check(DType dt) {
            this.dt = dt;
        }

        boolean includes(Map<?, ?> c) {
            return dt == DType.F64 || Boolean.TRUE.equals(c.get("moderate"));
        }

        double rtol(Map<?, ?> c) {
            if (dt == DType.F32) {
                return 1e-5;
            }
            Object cond = c.get("condition");
            return Math.max(1e-10, cond == null ? 0 : 1e-15 * ((Number) cond).doubleValue());
        }

        void close(String what, Tensor got, Object want, double rtol) {
            close(what, got, want, rtol, false);
        }

        /**
         * Compares entrywise, or with {@code normwise} against the largest entry of {@code want}.
         */
        void close(String what, Tensor got, Object want, double rtol, boolean normwise) {
            double[] g = got.toDoubleArray();
            double[] w = data(want);
            if (g.length != w.length) {
                problems.add(what + ": " + g.length + " values, torch " + w.length);
                return;
            }
            double largest = 1;
            for (double v : w) {
                largest = normwise ? Math.max(largest, Math.abs(v)) : largest;
            }
            for (int i = 0; i < w.length; i++) {
                compared++;
                double scale = Math.max(Math.abs(w[i]), largest);
                double e = Math.abs(g[i] - w[i]) / scale / rtol;
                if (e > worst) {
                    worst = e;
                    worstAt = what + "[" + i + "]";
                }
                if (!(Math.abs(g[i] - w[i]) <= rtol * scale)) {
                    problems.add(what + "[" + i + "]: " + g[i] + ", torch " + w[i]);
                }
            }
        }

        void report(String what) {
            System.out.printf(
                    "torch mvn fixture %s: %d values, worst error %.2f of the tolerance, at %s%n",
                    what, compared, worst, worstAt);
            assertThat(problems).isEmpty();
        }
    }

    private static MultivariateNormal mvn(String kind, Tensor loc, Tensor matrix) {
        return switch (kind) {
            case "scale_tril" -> MultivariateNormal.ofScaleTril(loc, matrix);
            case "covariance_matrix" -> MultivariateNormal.ofCovariance(loc, matrix);
            case "precision_matrix" -> MultivariateNormal.ofPrecision(loc, matrix);
            default -> throw new IllegalArgumentException("no such kind: " + kind);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void multivariateNormalMatchesPyTorch(Backend backend, DType dt) {
        Check check = new Check(dt);
        try (var scope = new TensorScope(backend)) {
            for (Map<?, ?> c : cases("mvn")) {
                if (!check.includes(c)) {
                    continue;
                }
                String kind = (String) c.get("kind");
                String what = "MVN " + kind + " cond " + c.get("condition");
                double rtol = check.rtol(c);
                Tensor loc = tensor(c.get("loc"), dt).requiringGrad();
                Tensor matrix = tensor(c.get("matrix"), dt).requiringGrad();
                MultivariateNormal d = mvn(kind, loc, matrix);
                Tensor draw = checkDensityMomentsAndDraw(check, what, d, c, dt, rtol);
                boolean symmetric = !kind.equals("scale_tril");
                Tensor linear = draw.mul(tensor(c.get("cot"), dt)).sum();
                checkGrads(
                        check,
                        what + " d sum(x c)",
                        linear,
                        loc,
                        matrix,
                        symmetric,
                        c.get("gradLinear"),
                        rtol);
                Tensor lp = d.logProb(draw).sum();
                checkGrads(
                        check,
                        what + " d logProb(x)",
                        lp,
                        loc,
                        matrix,
                        symmetric,
                        c.get("gradLogProb"),
                        rtol);
            }
        }
        check.report(backend.name() + " " + dt);
        assertThat(check.compared).isGreaterThan(dt == DType.F64 ? 2000 : 800);
    }

    /**
     * Checks the log-density at the case's {@code x}, the mean, the variance and the draw at its
     * fixed noise against PyTorch's; returns that draw.
     */
    private static Tensor checkDensityMomentsAndDraw(
            Check check, String what, Distribution d, Map<?, ?> c, DType dt, double rtol) {
        check.close(what + " logProb", d.logProb(tensor(c.get("x"), dt)), c.get("logProb"), rtol);
        check.close(what + " mean", d.mean(), c.get("mean"), rtol);
        check.close(what + " variance", d.variance(), c.get("variance"), rtol);
        Tensor draw = d.rsampleWithNoise(tensor(c.get("noise"), dt));
        check.close(what + " draw", draw, c.get("draw"), rtol);
        return draw;
    }

    private static void checkGrads(
            Check check,
            String what,
            Tensor loss,
            Tensor loc,
            Tensor matrix,
            boolean symmetric,
            Object want,
            double rtol) {
        List<Tensor> g = Autodiff.grad(loss, List.of(loc, matrix), false);
        List<?> w = (List<?>) want;
        check.close(what + " / d loc", g.get(0), w.get(0), rtol, true);
        Tensor gm = symmetric ? g.get(1).add(g.get(1).transpose()).mul(0.5) : g.get(1);
        check.close(what + " / d matrix", gm, w.get(1), rtol, true);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void lowRankMultivariateNormalMatchesPyTorch(Backend backend, DType dt) {
        Check check = new Check(dt);
        try (var scope = new TensorScope(backend)) {
            for (Map<?, ?> c : cases("lowRank")) {
                if (!check.includes(c)) {
                    continue;
                }
                String what = "LowRank cond " + c.get("condition");
                double rtol = check.rtol(c);
                List<Tensor> leaves =
                        List.of(
                                tensor(c.get("loc"), dt).requiringGrad(),
                                tensor(c.get("covFactor"), dt).requiringGrad(),
                                tensor(c.get("covDiag"), dt).requiringGrad());
                var d = LowRankMultivariateNormal.of(leaves.get(0), leaves.get(1), leaves.get(2));
                Tensor draw = checkDensityMomentsAndDraw(check, what, d, c, dt, rtol);
                Tensor linear = draw.mul(tensor(c.get("cot"), dt)).sum();
                checkAll(check, what + " d sum(x c)", linear, leaves, c.get("gradLinear"), rtol);
                Tensor lp = d.logProb(draw).sum();
                checkAll(check, what + " d logProb(x)", lp, leaves, c.get("gradLogProb"), rtol);
            }
        }
        check.report("low rank " + backend.name() + " " + dt);
        assertThat(check.compared).isGreaterThan(dt == DType.F64 ? 400 : 150);
    }

    private static void checkAll(
            Check check, String what, Tensor loss, List<Tensor> wrt, Object want, double rtol) {
        List<Tensor> g = Autodiff.grad(loss, wrt, false);
        String[] names = {"loc", "covFactor", "covDiag"};
        for (int i = 0; i < g.size(); i++) {
            check.close(what + " / d " + names[i], g.get(i), ((List<?>) want).get(i), rtol, true);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void klBetweenMultivariateNormalsMatchesPyTorch(Backend backend, DType dt) {
        Check check = new Check(dt);
        try (var scope = new TensorScope(backend)) {
            for (Map<?, ?> c : cases("kl")) {
                if (!check.includes(c)) {
                    continue;
                }
                var p =
                        MultivariateNormal.ofScaleTril(
                                tensor(c.get("pLoc"), dt), tensor(c.get("pScaleTril"), dt));
                var q =
                        MultivariateNormal.ofScaleTril(
                                tensor(c.get("qLoc"), dt), tensor(c.get("qScaleTril"), dt));
                assertThat(KL.isRegistered(p, q)).isTrue();
                check.close(
                        "KL " + p + " || " + q,
                        KL.divergence(p, q),
                        c.get("kl"),
                        dt == DType.F64 ? 1e-10 : 1e-5);
            }
        }
        check.report("KL " + backend.name() + " " + dt);
        assertThat(check.compared).isGreaterThan(dt == DType.F64 ? 10 : 5);
    }
}
