package org.ppl4j.tck.conformance;

import static java.lang.Double.NaN;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.internal.math.SpecialMath;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.SpecialOp;

/**
 * The value (layer 1) and gradient (layer 2) cases of the special functions: the unary specials,
 * the poles (0 and negative integers) and the points beside them, large magnitudes, and for erfc
 * the far tail down to the dtype's underflow.
 */
final class SpecialCases {
    /** Polygamma is checked at these orders (and its VJP reaches order 4). */
    private static final int[] ORDERS = {1, 2, 3};

    private SpecialCases() {}

    private static Domain domain(SpecialOp op, DType dt) {
        return switch (op) {
            case LGAMMA, DIGAMMA, POLYGAMMA ->
                    Domain.either(Domain.uniform(-10, 10), Domain.logUniform(1e-20, 1e20));
            case ERF -> Domain.uniform(-6, 6);
            case ERFC ->
                    Domain.either(
                            Domain.uniform(-3, 3), Domain.uniform(3, dt == DType.F32 ? 9 : 26));
            case STANDARD_GAMMA_GRAD -> throw new IllegalArgumentException("two inputs");
        };
    }

    private static double[] specials(SpecialOp op) {
        double[] near = {-1e-8, 1e-8, -1 + 1e-9, -2 - 1e-7, -3.5, 1.4616321449683622, 2, 3};
        double[] v = PrimitiveCases.specials();
        double[] r = Arrays.copyOf(v, v.length + near.length);
        System.arraycopy(near, 0, r, v.length, near.length);
        return op == SpecialOp.ERFC ? concat(r, 10, 26, 27.5) : r;
    }

    static List<OpCase> values(SpecialOp op, DType dt, Samples s) {
        if (op == SpecialOp.STANDARD_GAMMA_GRAD) {
            return gammaGrad(dt, s);
        }
        List<Attr> attrs = new ArrayList<>();
        if (op == SpecialOp.POLYGAMMA) {
            Arrays.stream(ORDERS).forEach(n -> attrs.add(new Attr.Order(n)));
        } else {
            attrs.add(Attr.NONE);
        }
        return PrimitiveCases.oneInput(op, attrs, dt, specials(op), domain(op, dt), s);
    }

    /**
     * (alpha, x) pairs: every pair of specials, broadcast shapes, large alphas, and x where
     * Gamma(alpha) draws land (quantiles about 1e-3 to 0.999): the far tails, which no sampler
     * reaches, are not demanded (TF's kernel gives 0 there).
     */
    private static List<OpCase> gammaGrad(DType dt, Samples s) {
        SpecialOp op = SpecialOp.STANDARD_GAMMA_GRAD;
        double[] specials = {NaN, 0, -1, 0.5, 1, 2.5, 7};
        Domain alpha = Domain.uniform(3, 5);
        Domain x = Domain.uniform(1, 8);
        // Eigen's kernel (TF) drifts to 3e-7 relative by alpha = 1e4, so large means 2000 here.
        Domain huge = Domain.uniform(2000, 2020);
        List<OpCase> cases = PrimitiveCases.pairs(op, dt, s, alpha, x, huge, huge, specials);
        int m = 60;
        HostTensor at = s.tensor(Shape.of(m), Domain.logUniform(0.1, 5000), dt);
        double[] bulk = new double[m];
        for (int i = 0; i < m; i++) {
            double al = at.data()[i];
            double u = Domain.uniform(0.01, 0.9).draw(s.random());
            double z = Domain.uniform(-3, 3).draw(s.random());
            // small alpha: P(alpha, x) ~ x^alpha / Gamma(alpha + 1); large: normal around alpha
            double q =
                    al < 1
                            ? Math.pow(u * Math.exp(SpecialMath.lgamma(al + 1)), 1 / al)
                            : al * Math.max(1 + z / Math.sqrt(al), 0.05);
            bulk[i] = dt.round(q);
        }
        cases.add(OpCase.of("bulk", op, Attr.NONE, dt, at, HostTensor.of(bulk, m)));
        return cases;
    }

    /** Gradient cases: away from the poles (x in [0.3, 6] or negative between integers). */
    static List<OpCase> grads(SpecialOp op, Samples s) {
        DType f64 = DType.F64;
        Domain d =
                switch (op) {
                    case LGAMMA, DIGAMMA, POLYGAMMA ->
                            Domain.either(
                                    Domain.uniform(0.3, 6),
                                    r -> -(r.nextInt(3) + 0.2 + 0.6 * r.nextDouble()));
                    case ERF, ERFC -> Domain.uniform(-3, 3);
                    case STANDARD_GAMMA_GRAD -> throw new IllegalArgumentException("no gradient");
                };
        List<Attr> attrs =
                op == SpecialOp.POLYGAMMA
                        ? List.of(new Attr.Order(1), new Attr.Order(2))
                        : List.of(Attr.NONE);
        List<OpCase> cases = new ArrayList<>();
        for (Attr attr : attrs) {
            for (Shape sh : List.of(Shape.of(), Shape.of(0), Shape.of(3, 2))) {
                cases.add(OpCase.of("shape " + sh, op, attr, f64, s.tensor(sh, d, f64)));
            }
        }
        return cases;
    }

    private static double[] concat(double[] a, double... b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
