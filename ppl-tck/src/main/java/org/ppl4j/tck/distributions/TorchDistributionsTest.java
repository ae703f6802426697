package org.ppl4j.tck.distributions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.DType;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Beta;
import org.ppl4j.distributions.Binomial;
import org.ppl4j.distributions.Categorical;
import org.ppl4j.distributions.Cauchy;
import org.ppl4j.distributions.Constraint;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Dirichlet;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.distributions.Exponential;
import org.ppl4j.distributions.Gamma;
import org.ppl4j.distributions.Geometric;
import org.ppl4j.distributions.HalfCauchy;
import org.ppl4j.distributions.HalfNormal;
import org.ppl4j.distributions.KL;
import org.ppl4j.distributions.Laplace;
import org.ppl4j.distributions.OneHotCategorical;
import org.ppl4j.distributions.Poisson;
import org.ppl4j.distributions.StudentT;
import org.ppl4j.spi.Backend;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Gamma, Beta, Laplace, Cauchy, HalfNormal, HalfCauchy and StudentT against PyTorch 1.13 itself
 * ({@code distributions.json}, a resource beside this class written by {@code make_fixture.py}
 * beside it): log-probs, means, variances and KL divergences (Gamma and Beta) at tiny, moderate and
 * huge parameters and at values near the boundaries, on every backend.
 *
 * <p>Tolerances: {@code |got - torch| <= rtol max(|torch|, 1)} with rtol 1e-10 in float64 (the
 * absolute floor at 1 because a log-density near 0 is a difference of lgammas of size up to 1e5),
 * and 1e-5 in float32 for the cases with every parameter in [0.1, 100] (outside that the float32
 * log-density is a difference of terms 1e4 times its size, and neither PyTorch nor ppl4j keeps 5
 * digits of it; values within 1e-4 of 1 are left out, since float32 cannot hold them closely
 * enough). The standard-gamma gradient is compared with the exact implicit derivative (mpmath) to
 * 1e-10 relative and with PyTorch's approximation to 1e-3, the accuracy PyTorch's series and
 * rational fits reach (the fixture shows 5e-4 at worst).
 */
@Tag(Layer.DISTRIBUTIONS)
class TorchDistributionsTest {
    private static final TorchFixture FIXTURE = TorchFixture.load("distributions.json");

    private static List<Map<?, ?>> cases(String key) {
        return FIXTURE.cases(key);
    }

    private static double num(Map<?, ?> m, String key) {
        return num(m.get(key));
    }

    private static double[] nums(Object list) {
        return ((List<?>) list).stream().mapToDouble(TorchDistributionsTest::num).toArray();
    }

    /** A fixture number; infinities are written as the strings "inf" and "-inf". */
    private static double num(Object v) {
        if ("inf".equals(v)) {
            return Double.POSITIVE_INFINITY;
        }
        if ("-inf".equals(v)) {
            return Double.NEGATIVE_INFINITY;
        }
        return ((Number) v).doubleValue();
    }

    private static double[][] rows(Object list) {
        return ((List<?>) list).stream().map(TorchDistributionsTest::nums).toArray(double[][]::new);
    }

    /** Collects every disagreement, so one failure reports them all. */
    private static final class Check {
        final List<String> problems = new ArrayList<>();
        final double rtol;
        int compared;
        double worst;

        Check(double rtol) {
            this.rtol = rtol;
        }

        void close(String what, double got, double want, double scale) {
            compared++;
            if (scale > 0 && got != want) {
                worst = Math.max(worst, Math.abs(got - want) / scale);
            }
            if (got != want && !(Math.abs(got - want) <= rtol * scale)) {
                problems.add(what + ": " + got + ", torch " + want);
            }
        }

        void close(String what, double[] got, double[] want) {
            if (got.length != want.length) {
                problems.add(what + ": " + got.length + " values, torch " + want.length);
                return;
            }
            for (int i = 0; i < want.length; i++) {
                close(what + "[" + i + "]", got[i], want[i], Math.max(Math.abs(want[i]), 1));
            }
        }
    }

    private static boolean include(Map<?, ?> c, DType dt) {
        return dt == DType.F64 || Boolean.TRUE.equals(c.get("moderate"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void logProbsMomentsAndKlMatchPyTorch(Backend backend, DType dt) {
        Check check = new Check(dt == DType.F64 ? 1e-10 : 1e-5);
        try (var scope = new TensorScope(backend)) {
            for (Map<?, ?> c : cases("gamma")) {
                if (!include(c, dt)) {
                    continue;
                }
                Gamma g = Gamma.of(num(c, "concentration"), num(c, "rate"), dt);
                String what = "Gamma(" + c.get("concentration") + ", " + c.get("rate") + ")";
                checkKind(check, what, g, c, dt);
            }
            for (Map<?, ?> c : cases("beta")) {
                if (!include(c, dt)) {
                    continue;
                }
                Beta b = Beta.of(num(c, "c1"), num(c, "c0"), dt);
                checkKind(check, "Beta(" + c.get("c1") + ", " + c.get("c0") + ")", b, c, dt);
            }
            for (Map<?, ?> c : cases("others")) {
                if (include(c, dt)) {
                    Map<?, ?> p = (Map<?, ?>) c.get("params");
                    checkKind(check, c.get("kind") + " " + p, other(c.get("kind"), p, dt), c, dt);
                }
            }
            for (Map<?, ?> c : cases("klGamma")) {
                if (!include(c, dt)) {
                    continue;
                }
                double[] p = nums(c.get("p"));
                double[] q = nums(c.get("q"));
                double kl =
                        KL.divergence(Gamma.of(p[0], p[1], dt), Gamma.of(q[0], q[1], dt)).item();
                check.close(
                        "KL Gamma " + c.get("p") + " " + c.get("q"), kl, num(c, "kl"), scale(c));
            }
            for (Map<?, ?> c : cases("klBeta")) {
                if (!include(c, dt)) {
                    continue;
                }
                double[] p = nums(c.get("p"));
                double[] q = nums(c.get("q"));
                double kl = KL.divergence(Beta.of(p[0], p[1], dt), Beta.of(q[0], q[1], dt)).item();
                check.close("KL Beta " + c.get("p") + " " + c.get("q"), kl, num(c, "kl"), scale(c));
            }
        }
        System.out.printf(
                "torch fixture %s %s: %d values, worst error / scale %.2e%n",
                backend.name(), dt, check.compared, check.worst);
        assertThat(check.compared).isGreaterThan(dt == DType.F64 ? 500 : 150);
        assertThat(check.problems).isEmpty();
    }

    private static double scale(Map<?, ?> c) {
        return Math.max(Math.abs(num(c, "kl")), 1);
    }

    private static void checkKind(Check check, String what, Distribution d, Map<?, ?> c, DType dt) {
        double[] x = nums(c.get("x"));
        double[] want = nums(c.get("logProb"));
        if (dt == DType.F32 && d.support() == Constraints.unitInterval()) {
            // 1 - 1e-6 is 1 - 1.013e-6 in float32: the input, not the density, is off there
            int n = (int) Arrays.stream(x).filter(v -> v < 1 - 1e-4).count();
            x = Arrays.copyOf(x, n);
            want = Arrays.copyOf(want, n);
        }
        Tensor value = Tensor.of(x, dt, x.length);
        check.close(what + " logProb", d.logProb(value).toDoubleArray(), want);
        if (!c.containsKey("mean")) {
            return; // PyTorch's NaN or inf (Cauchy, df <= 2): checked by hand elsewhere
        }
        double mean = num(c, "mean");
        double var = num(c, "variance");
        check.close(what + " mean", d.mean().item(), mean, Math.abs(mean));
        check.close(what + " variance", d.variance().item(), var, Math.abs(var));
    }

    private static Distribution other(Object kind, Map<?, ?> p, DType dt) {
        return switch ((String) kind) {
            case "Laplace" -> Laplace.of(num(p, "loc"), num(p, "scale"), dt);
            case "Cauchy" -> Cauchy.of(num(p, "loc"), num(p, "scale"), dt);
            case "HalfNormal" -> HalfNormal.of(num(p, "scale"), dt);
            case "HalfCauchy" -> HalfCauchy.of(num(p, "scale"), dt);
            case "StudentT" -> StudentT.of(num(p, "df"), num(p, "loc"), num(p, "scale"), dt);
            default -> throw new IllegalArgumentException("no such kind in the fixture: " + kind);
        };
    }

    /**
     * Poisson, Binomial (from probs and from logits), Geometric, Dirichlet and OneHotCategorical
     * log-masses and moments, the KL divergences of each kind with itself that PyTorch registers,
     * and the simplex's stick-breaking bijection, with the tolerances above.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void countsVectorsKlsAndTheSimplexMatchPyTorch(Backend backend, DType dt) {
        Check check = new Check(dt == DType.F64 ? 1e-10 : 1e-5);
        try (var scope = new TensorScope(backend)) {
            for (Map<?, ?> c : cases("counts")) {
                if (include(c, dt)) {
                    Map<?, ?> p = (Map<?, ?>) c.get("params");
                    checkKind(check, c.get("kind") + " " + p, count(c.get("kind"), p, dt), c, dt);
                }
            }
            for (Map<?, ?> c : cases("vectors")) {
                if (!include(c, dt)) {
                    continue;
                }
                Distribution d = vector(c.get("kind"), nums(c.get("params")), dt);
                String what = c.get("kind") + " " + c.get("params");
                double[][] x = rows(c.get("x"));
                Tensor value = Tensor.of(flat(x), dt, x.length, x[0].length);
                check.close(
                        what + " logProb",
                        d.logProb(value).toDoubleArray(),
                        nums(c.get("logProb")));
                check.close(what + " mean", d.mean().toDoubleArray(), nums(c.get("mean")));
                check.close(
                        what + " variance", d.variance().toDoubleArray(), nums(c.get("variance")));
            }
            for (Map<?, ?> c : cases("klOthers")) {
                if (!include(c, dt)) {
                    continue;
                }
                String kind = (String) c.get("kind");
                Distribution p = klSide(kind, nums(c.get("p")), dt);
                Distribution q = klSide(kind, nums(c.get("q")), dt);
                assertThat(KL.isRegistered(p, q)).as(kind).isTrue();
                double kl = KL.divergence(p, q).item();
                check.close(
                        "KL " + kind + " " + c.get("p") + " " + c.get("q"),
                        kl,
                        num(c, "kl"),
                        scale(c));
            }
            Constraint simplex = Constraints.simplex();
            for (Map<?, ?> c : cases("stickBreaking")) {
                if (!include(c, dt)) {
                    continue;
                }
                double[] u = nums(c.get("u"));
                double[] y = nums(c.get("y"));
                Tensor ut = Tensor.of(u, dt, u.length);
                Tensor yt = simplex.toConstrained(ut);
                String what = "stick-breaking " + c.get("u");
                check.close(what, yt.toDoubleArray(), y);
                check.close(
                        what + " inverse",
                        simplex.toUnconstrained(Tensor.of(y, dt, y.length)).toDoubleArray(),
                        nums(c.get("inverse")));
                check.close(
                        what + " log-Jacobian",
                        simplex.logAbsDetJacobian(ut, yt).item(),
                        num(c, "logDet"),
                        Math.max(Math.abs(num(c, "logDet")), 1));
                assertThat(simplex.check(yt).item())
                        .as(what + " lands on the simplex")
                        .isEqualTo(1.0);
            }
        }
        System.out.printf(
                "torch fixture (counts, vectors, KL, simplex) %s %s: %d values, worst %.2e%n",
                backend.name(), dt, check.compared, check.worst);
        assertThat(check.compared).isGreaterThan(dt == DType.F64 ? 240 : 120);
        assertThat(check.problems).isEmpty();
    }

    private static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    private static Distribution count(Object kind, Map<?, ?> p, DType dt) {
        return switch ((String) kind) {
            case "Poisson" -> Poisson.of(num(p, "rate"), dt);
            case "Binomial" -> {
                Tensor n = Tensor.scalar(num(p, "totalCount"), dt);
                if (p.containsKey("probs")) {
                    yield Binomial.of(n, Tensor.scalar(num(p, "probs"), dt));
                }
                double q = num(p, "logits");
                yield Binomial.logits(n, Tensor.scalar(Math.log(q) - Math.log1p(-q), dt));
            }
            case "Geometric" -> Geometric.probs(num(p, "probs"), dt);
            default -> throw new IllegalArgumentException("no such kind in the fixture: " + kind);
        };
    }

    private static Distribution vector(Object kind, double[] params, DType dt) {
        Tensor t = Tensor.of(params, dt, params.length);
        return switch ((String) kind) {
            case "Dirichlet" -> Dirichlet.of(t);
            case "OneHotCategorical" -> OneHotCategorical.probs(t);
            default -> throw new IllegalArgumentException("no such kind in the fixture: " + kind);
        };
    }

    private static Distribution klSide(String kind, double[] a, DType dt) {
        Tensor v = Tensor.of(a, dt, a.length);
        Tensor first = Tensor.scalar(a[0], dt);
        return switch (kind) {
            case "Dirichlet" -> Dirichlet.of(v);
            case "Exponential" -> Exponential.of(first);
            case "Laplace" -> Laplace.of(a[0], a[1], dt);
            case "HalfNormal" -> HalfNormal.of(a[0], dt);
            case "Bernoulli" -> Bernoulli.probs(first);
            case "Categorical" -> Categorical.probs(v);
            case "OneHotCategorical" -> OneHotCategorical.probs(v);
            case "Poisson" -> Poisson.of(first);
            case "Geometric" -> Geometric.probs(first);
            case "Binomial" -> Binomial.of(first, Tensor.scalar(a[1], dt));
            default -> throw new IllegalArgumentException("no such kind in the fixture: " + kind);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#withTheirDtypes")
    void standardGammaGradientIsExactAndWithinPyTorchsApproximation(Backend backend, DType dt) {
        Check exact = new Check(dt == DType.F64 ? 1e-10 : 1e-5);
        Check torch = new Check(1e-3);
        try (var scope = new TensorScope(backend)) {
            for (Map<?, ?> c : cases("standardGammaGrad")) {
                double a = num(c, "alpha");
                double x = num(c, "x");
                double got = Tensor.scalar(a, dt).standardGammaGrad(Tensor.scalar(x, dt)).item();
                String what = "dx/dalpha at (" + a + ", " + x + ")";
                if (dt == DType.F32 && x < Float.MIN_NORMAL) {
                    continue; // below float32's normal range
                }
                exact.close(what, got, num(c, "exact"), Math.abs(num(c, "exact")));
                torch.close(what, got, num(c, "torch"), Math.abs(num(c, "torch")));
            }
        }
        System.out.printf(
                "gamma gradient %s %s: worst relative error %.2e (exact), %.2e (torch)%n",
                backend.name(), dt, exact.worst, torch.worst);
        assertThat(exact.problems).isEmpty();
        assertThat(torch.problems).isEmpty();
    }
}
