package org.ppl4j.testkit;

import org.ppl4j.core.Shape;
import org.ppl4j.internal.math.SpecialMath;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;

/**
 * The reference's elementwise kernels: unary, binary, special functions, comparisons and select,
 * with broadcasting.
 */
final class ReferenceElementwise {
    private ReferenceElementwise() {}

    static double[] unary(UnaryOp op, double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = apply(op, x[i]);
        }
        return r;
    }

    static double apply(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case EXP -> Math.exp(x);
            case EXPM1 -> Math.expm1(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SQRT -> Math.sqrt(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case FLOOR -> Math.floor(x);
            case CAST -> x; // the backend rounds every result to the output dtype
        };
    }

    /** The special functions, by {@link SpecialMath}'s float64 definitions. */
    static double[] special(
            SpecialOp op, Attr attr, double[][] x, TensorType[] in, TensorType out) {
        if (op == SpecialOp.STANDARD_GAMMA_GRAD) {
            int[] ia = broadcastMap(in[0].shape(), out.shape());
            int[] ix = broadcastMap(in[1].shape(), out.shape());
            double[] r = new double[ia.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = SpecialMath.standardGammaGrad(x[0][ia[i]], x[1][ix[i]]);
            }
            return r;
        }
        double[] v = x[0];
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] =
                    switch (op) {
                        case LGAMMA -> SpecialMath.lgamma(v[i]);
                        case DIGAMMA -> SpecialMath.digamma(v[i]);
                        case POLYGAMMA -> SpecialMath.polygamma(((Attr.Order) attr).n(), v[i]);
                        case ERF -> SpecialMath.erf(v[i]);
                        case ERFC -> SpecialMath.erfc(v[i]);
                        case STANDARD_GAMMA_GRAD -> throw new IllegalStateException("binary");
                    };
        }
        return r;
    }

    static double[] binary(
            BinaryOp op, double[] a, TensorType ta, double[] b, TensorType tb, TensorType out) {
        int[] ia = broadcastMap(ta.shape(), out.shape());
        int[] ib = broadcastMap(tb.shape(), out.shape());
        double[] r = new double[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = apply(op, a[ia[i]], b[ib[i]]);
        }
        return r;
    }

    static double apply(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> pow(x, y);
            case MAXIMUM -> Math.max(x, y); // Math.max/min return NaN if either is NaN
            case MINIMUM -> Math.min(x, y);
        };
    }

    /**
     * C99's {@code pow}, which PyTorch follows: {@code pow(1, y) = 1} for every y (NaN too) and
     * {@code pow(-1, ±inf) = 1}, where Java's {@link Math#pow} gives NaN; elsewhere they agree.
     */
    static double pow(double x, double y) {
        if (x == 1.0 || (x == -1.0 && Double.isInfinite(y))) {
            return 1.0;
        }
        return Math.pow(x, y);
    }

    static double[] compare(
            CompareOp op, double[] a, TensorType ta, double[] b, TensorType tb, TensorType out) {
        int[] ia = broadcastMap(ta.shape(), out.shape());
        int[] ib = broadcastMap(tb.shape(), out.shape());
        double[] r = new double[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = op.test(a[ia[i]], b[ib[i]]) ? 1.0 : 0.0;
        }
        return r;
    }

    static double[] where(double[][] x, TensorType[] in, TensorType out) {
        int[] ic = broadcastMap(in[0].shape(), out.shape());
        int[] ia = broadcastMap(in[1].shape(), out.shape());
        int[] ib = broadcastMap(in[2].shape(), out.shape());
        double[] r = new double[ic.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[0][ic[i]] != 0.0 ? x[1][ia[i]] : x[2][ib[i]];
        }
        return r;
    }

    /**
     * For each element of {@code to}, the row-major position of the element of {@code from} that
     * NumPy broadcasting reads there (missing leading axes and size-1 axes repeat).
     */
    static int[] broadcastMap(Shape from, Shape to) {
        int[] dims = to.toArray();
        int[] strides = from.strides();
        int offset = to.rank() - from.rank();
        int[] map = new int[to.size()];
        int[] c = new int[dims.length];
        for (int flat = 0; flat < map.length; flat++) {
            unravel(flat, dims, c);
            int at = 0;
            for (int i = 0; i < from.rank(); i++) {
                if (from.dim(i) != 1) {
                    at += c[i + offset] * strides[i];
                }
            }
            map[flat] = at;
        }
        return map;
    }

    /** Writes the coordinates of row-major position {@code flat} in {@code dims} into {@code c}. */
    static void unravel(int flat, int[] dims, int[] c) {
        for (int i = dims.length - 1; i >= 0; i--) {
            c[i] = flat % dims[i];
            flat /= dims[i];
        }
    }
}
