package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.ShapeException;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The constraints of Pyro's {@code constraints} module, each with the bijection that {@code
 * biject_to} gives it in PyTorch: {@code exp} for positive and lower-bounded regions, a clipped
 * sigmoid (then an affine map) for intervals, the identity for the real line.
 *
 * <pre>{@code
 * Constraint c = Constraints.interval(0, 10);
 * Tensor y = c.toConstrained(x);   // 10 * sigmoid(x)
 * Tensor ok = c.check(y);          // 1 where 0 <= y <= 10
 * }</pre>
 */
public final class Constraints {
    private static final Constraint REAL = new Real();
    private static final Constraint POSITIVE = new LowerBound(0.0, false);
    private static final Constraint NONNEGATIVE = new LowerBound(0.0, true);
    private static final Constraint UNIT_INTERVAL = new Interval(null, null, 0.0, 1.0);
    private static final Constraint SIMPLEX = new Simplex();
    private static final Constraint ONE_HOT = new OneHot();
    private static final Constraint BOOLEAN = new Discrete("boolean", 0, 1, "not 0 or 1");
    private static final Constraint NONNEGATIVE_INTEGER =
            new Discrete("nonnegativeInteger", 0, Integer.MAX_VALUE, "not an integer >= 0");

    private Constraints() {}

    /** The real line, NaN excluded (bijection: identity). */
    public static Constraint real() {
        return REAL;
    }

    /** {@code x > 0} (bijection: {@code exp}). */
    public static Constraint positive() {
        return POSITIVE;
    }

    /** {@code x >= 0} (bijection: {@code exp}, as in PyTorch). */
    public static Constraint nonnegative() {
        return NONNEGATIVE;
    }

    /** {@code x > lowerBound} (bijection: {@code lowerBound + exp(u)}). */
    public static Constraint greaterThan(double lowerBound) {
        return new LowerBound(lowerBound, false);
    }

    /** {@code 0 <= x <= 1} (bijection: a sigmoid clipped into the open interval). */
    public static Constraint unitInterval() {
        return UNIT_INTERVAL;
    }

    /** {@code lo <= x <= hi} (bijection: {@code lo + (hi - lo) * sigmoid(u)}). */
    public static Constraint interval(double lo, double hi) {
        if (!(lo < hi)) {
            throw new PplException(
                    "Constraints.interval: lower bound " + lo + " must be < upper bound " + hi);
        }
        return new Interval(null, null, lo, hi);
    }

    /** {@code lo <= x <= hi} elementwise for tensor bounds (e.g. a Uniform's support). */
    public static Constraint interval(Tensor lo, Tensor hi) {
        return new Interval(lo, hi, Double.NaN, Double.NaN);
    }

    /** The values 0 and 1 (discrete: no bijection). */
    public static Constraint bool() {
        return BOOLEAN;
    }

    /** The integers {@code lo..hi}, inclusive, held in float tensors (discrete: no bijection). */
    public static Constraint integerInterval(int lo, int hi) {
        return new Discrete(
                "integerInterval(" + lo + ", " + hi + ")",
                lo,
                hi,
                "not an integer in [" + lo + ", " + hi + "]");
    }

    /** The integers {@code 0, 1, 2, ...} held in float tensors (discrete: no bijection). */
    public static Constraint nonnegativeInteger() {
        return NONNEGATIVE_INTEGER;
    }

    /**
     * The integers {@code 0..hi}, inclusive, with {@code hi} a tensor broadcast against the value
     * (e.g. a Binomial's total count); discrete: no bijection.
     */
    public static Constraint integerInterval(int lo, Tensor hi, String hiName) {
        return new TensorIntegerInterval(lo, hi, hiName);
    }

    /**
     * Points of the probability simplex over the last axis: entries {@code >= 0} summing to 1
     * within 1e-6, as PyTorch checks. Bijection: PyTorch's stick-breaking transform, from {@code K
     * - 1} unconstrained reals onto {@code K} probabilities (so a {@code param} on the simplex has
     * one entry fewer unconstrained).
     */
    public static Constraint simplex() {
        return SIMPLEX;
    }

    /** One-hot vectors over the last axis: entries 0 or 1, exactly one 1 (discrete). */
    public static Constraint oneHot() {
        return ONE_HOT;
    }

    /**
     * Lower-triangular square matrices with a positive diagonal, e.g. a {@code scaleTril}; a point
     * is one matrix (event dim 2). Bijection (PyTorch's {@code LowerCholeskyTransform}): the strict
     * lower triangle as is, {@code exp} of the diagonal, the upper triangle dropped.
     */
    public static Constraint lowerCholesky() {
        return MatrixConstraints.LOWER_CHOLESKY;
    }

    /**
     * Symmetric positive-definite matrices, e.g. a covariance; a point is one matrix (event dim 2).
     * Bijection: {@link #lowerCholesky()}'s, then {@code L L^T}.
     */
    public static Constraint positiveDefinite() {
        return MatrixConstraints.POSITIVE_DEFINITE;
    }

    /**
     * {@code base} applied to events of the rightmost {@code n} extra dims: a point is inside when
     * all its entries are, and the log-Jacobian sums over those dims (Pyro's {@code independent}).
     */
    public static Constraint independent(Constraint base, int n) {
        if (n < 0) {
            throw new PplException("Constraints.independent: n must be >= 0, got " + n);
        }
        return n == 0 ? base : new Independent(base, n);
    }

    /** What a bad entry is for {@code c}, for validation messages, e.g. {@code <= 0 or NaN}. */
    static String violation(Constraint c) {
        return c instanceof Base b ? b.violation : "outside " + c.name();
    }

    /**
     * The per-entry constraint under any {@code independent} wrappers, for counting bad entries.
     */
    static Constraint elementwise(Constraint c) {
        return c instanceof Independent i ? elementwise(i.base) : c;
    }

    /** The smallest normal number of a dtype (PyTorch's {@code finfo.tiny}). */
    static double tiny(DType d) {
        return d == DType.F32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
    }

    /** The machine epsilon of a dtype (PyTorch's {@code finfo.eps}). */
    static double eps(DType d) {
        return d == DType.F32 ? Math.ulp(1.0f) : Math.ulp(1.0);
    }

    abstract static class Base implements Constraint {
        private final String name;
        private final String violation;

        Base(String name, String violation) {
            this.name = name;
            this.violation = violation;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final class Real extends Base {
        Real() {
            super("real", "NaN");
        }

        @Override
        public Tensor check(Tensor value) {
            return value.eq(value);
        }

        @Override
        public Tensor toConstrained(Tensor u) {
            return u;
        }

        @Override
        public Tensor toUnconstrained(Tensor c) {
            return c;
        }

        @Override
        public Tensor logAbsDetJacobian(Tensor u, Tensor c) {
            return u.zerosLike();
        }
    }

    /** {@code x > lb} (or {@code >=}) with the bijection {@code lb + exp(u)}. */
    private static final class LowerBound extends Base {
        private final double lb;
        private final boolean inclusive;

        LowerBound(double lb, boolean inclusive) {
            super(
                    lb == 0.0
                            ? (inclusive ? "nonnegative" : "positive")
                            : "greaterThan(" + lb + ")",
                    (inclusive ? "< " : "<= ") + fmt(lb) + " or NaN");
            this.lb = lb;
            this.inclusive = inclusive;
        }

        @Override
        public Tensor check(Tensor value) {
            return inclusive ? value.ge(lb) : value.gt(lb);
        }

        @Override
        public Tensor toConstrained(Tensor u) {
            return lb == 0.0 ? u.exp() : u.exp().add(lb);
        }

        @Override
        public Tensor toUnconstrained(Tensor c) {
            return lb == 0.0 ? c.log() : c.sub(lb).log();
        }

        @Override
        public Tensor logAbsDetJacobian(Tensor u, Tensor c) {
            return u;
        }
    }

    /** {@code lo <= x <= hi} with a clipped sigmoid then an affine map, bounds scalar or tensor. */
    private static final class Interval extends Base {
        private final Tensor loT;
        private final Tensor hiT;
        private final double lo;
        private final double hi;

        Interval(Tensor loT, Tensor hiT, double lo, double hi) {
            super(
                    loT != null
                            ? "interval(low, high)"
                            : lo == 0.0 && hi == 1.0
                                    ? "unitInterval"
                                    : "interval(" + fmt(lo) + ", " + fmt(hi) + ")",
                    loT != null
                            ? "outside [low, high] or NaN"
                            : "outside [" + fmt(lo) + ", " + fmt(hi) + "] or NaN");
            this.loT = loT;
            this.hiT = hiT;
            this.lo = lo;
            this.hi = hi;
        }

        private boolean unit() {
            return loT == null && lo == 0.0 && hi == 1.0;
        }

        private Tensor low(Tensor like) {
            return loT != null ? loT : like.constant(lo);
        }

        private Tensor width(Tensor like) {
            return loT != null ? hiT.sub(loT) : like.constant(hi - lo);
        }

        @Override
        public Tensor check(Tensor value) {
            Tensor up = hiT != null ? value.le(hiT) : value.le(hi);
            Tensor down = loT != null ? value.ge(loT) : value.ge(lo);
            return down.mul(up);
        }

        @Override
        public Tensor toConstrained(Tensor u) {
            DType d = u.dtype();
            Tensor s = u.sigmoid().clamp(tiny(d), 1.0 - eps(d));
            return unit() ? s : low(u).add(width(u).mul(s));
        }

        @Override
        public Tensor toUnconstrained(Tensor c) {
            DType d = c.dtype();
            Tensor y = unit() ? c : c.sub(low(c)).div(width(c));
            y = y.clamp(tiny(d), 1.0 - eps(d));
            return y.log().sub(y.neg().log1p());
        }

        @Override
        public Tensor logAbsDetJacobian(Tensor u, Tensor c) {
            Tensor sig = u.neg().softplus().neg().sub(u.softplus());
            return unit() ? sig : sig.add(width(u).abs().log());
        }
    }

    /** Integers in {@code [lo, hi]}; no bijection exists onto a discrete set. */
    private static final class Discrete extends Countable {
        private final int lo;
        private final int hi;

        Discrete(String name, int lo, int hi, String violation) {
            super(name, violation);
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public Tensor check(Tensor value) {
            Tensor inside = value.floor().eq(value).mul(value.ge(lo));
            return hi == Integer.MAX_VALUE ? inside : inside.mul(value.le(hi));
        }
    }

    /** A discrete region: no bijection from the real line exists. */
    private abstract static class Countable extends Base {
        Countable(String name, String violation) {
            super(name, violation);
        }

        @Override
        public Tensor toConstrained(Tensor u) {
            throw noBijection(name());
        }

        @Override
        public Tensor toUnconstrained(Tensor c) {
            throw noBijection(name());
        }

        @Override
        public Tensor logAbsDetJacobian(Tensor u, Tensor c) {
            throw noBijection(name());
        }
    }

    private static PplException noBijection(String name) {
        return new PplException(
                "constraint "
                        + name
                        + " is discrete and has no bijection from the real line; a"
                        + " discrete value cannot be a param or a reparameterized latent"
                        + " (sample it, or enumerate it)");
    }

    /** Integers in {@code [lo, hi]} with a tensor upper bound; no bijection. */
    private static final class TensorIntegerInterval extends Countable {
        private final int lo;
        private final Tensor hi;

        TensorIntegerInterval(int lo, Tensor hi, String hiName) {
            super(
                    "integerInterval(" + lo + ", " + hiName + ")",
                    "not an integer in [" + lo + ", " + hiName + "]");
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public Tensor check(Tensor value) {
            return value.floor().eq(value).mul(value.ge(lo)).mul(value.le(hi));
        }
    }

    /** One-hot vectors over the last axis; no bijection. */
    private static final class OneHot extends Countable {
        OneHot() {
            super("oneHot", "not a one-hot vector (entries 0 or 1, exactly one 1)");
        }

        @Override
        public Tensor check(Tensor value) {
            Tensor binary = value.eq(0.0).add(value.eq(1.0)).min(new int[] {-1}, false);
            return binary.mul(value.sum(new int[] {-1}, false).eq(1.0));
        }

        @Override
        public int eventDim() {
            return 1;
        }
    }

    /**
     * The simplex over the last axis with PyTorch's {@code StickBreakingTransform}: with offsets
     * {@code o_i = K - 1 - i}, {@code z_i = clip(sigmoid(u_i - log o_i))} and {@code y_i = z_i
     * prod_{j<i} (1 - z_j)}, {@code y_{K-1} = prod_j (1 - z_j)}.
     */
    private static final class Simplex extends Base {
        Simplex() {
            super("simplex", "not on the simplex (an entry < 0 or NaN, or a sum off 1 by 1e-6)");
        }

        @Override
        public Tensor check(Tensor value) {
            Tensor nonneg = value.ge(0.0).min(new int[] {-1}, false);
            Tensor sum = value.sum(new int[] {-1}, false);
            return nonneg.mul(sum.sub(1.0).abs().lt(1e-6));
        }

        /** {@code log(K - 1 - i)} for {@code i < K - 1}, as a row broadcast over the last axis. */
        private static Tensor logOffset(Tensor like, int k1) {
            double[] o = new double[k1];
            for (int i = 0; i < k1; i++) {
                o[i] = Math.log(k1 - i);
            }
            return Tensor.of(o, like.dtype(), k1);
        }

        private static void requireEvent(String what, Tensor t, int min) {
            if (t.rank() == 0 || t.dim(-1) < min) {
                throw new ShapeException(
                        "simplex."
                                + what
                                + ": the last axis holds the "
                                + (min == 2 ? "K >= 2 probabilities" : "K - 1 >= 1 reals")
                                + ", but the shape is "
                                + t.shape());
            }
        }

        @Override
        public Tensor toConstrained(Tensor u) {
            requireEvent("toConstrained", u, 1);
            DType d = u.dtype();
            Tensor z = u.sub(logOffset(u, u.dim(-1))).sigmoid().clamp(tiny(d), 1.0 - eps(d));
            Tensor rest = Functions.cumprod(z.neg().add(1.0), -1);
            Tensor one = rest.narrow(-1, 0, 1).onesLike();
            return Tensor.concat(-1, z, one).mul(Tensor.concat(-1, one, rest));
        }

        @Override
        public Tensor toUnconstrained(Tensor c) {
            requireEvent("toUnconstrained", c, 2);
            int k1 = c.dim(-1) - 1;
            Tensor crop = c.narrow(-1, 0, k1);
            Tensor sf = Functions.cumsum(crop, -1).neg().add(1.0);
            sf = sf.maximum(tiny(c.dtype()));
            return crop.log().sub(sf.log()).add(logOffset(c, k1));
        }

        @Override
        public Tensor logAbsDetJacobian(Tensor u, Tensor c) {
            Tensor x = u.sub(logOffset(u, u.dim(-1)));
            Tensor crop = c.narrow(-1, 0, u.dim(-1));
            return x.neg().add(Functions.logSigmoid(x)).add(crop.log()).sum(new int[] {-1}, false);
        }

        @Override
        public int eventDim() {
            return 1;
        }
    }

    /** A base constraint over events of the rightmost {@code n} dims. */
    private static final class Independent extends Base {
        private final Constraint base;
        private final int n;

        Independent(Constraint base, int n) {
            super("independent(" + base.name() + ", " + n + ")", violation(base));
            this.base = base;
            this.n = n;
        }

        @Override
        public Tensor check(Tensor value) {
            return allRightmost(base.check(value), n);
        }

        @Override
        public Tensor toConstrained(Tensor u) {
            return base.toConstrained(u);
        }

        @Override
        public Tensor toUnconstrained(Tensor c) {
            return base.toUnconstrained(c);
        }

        @Override
        public Tensor logAbsDetJacobian(Tensor u, Tensor c) {
            return Functions.sumRightmost(base.logAbsDetJacobian(u, c), n);
        }

        @Override
        public int eventDim() {
            return base.eventDim() + n;
        }
    }

    /** 1 where every entry of the rightmost {@code n} dims of a 0/1 tensor is 1. */
    static Tensor allRightmost(Tensor ok, int n) {
        int r = ok.rank();
        if (n == 0 || r == 0) {
            return ok;
        }
        int k = Math.min(n, r);
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = r - k + i;
        }
        return ok.min(axes, false);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
