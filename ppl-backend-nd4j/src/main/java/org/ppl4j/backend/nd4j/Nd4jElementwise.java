package org.ppl4j.backend.nd4j;

import static org.ppl4j.backend.nd4j.Nd4jArrays.dataType;
import static org.ppl4j.backend.nd4j.Nd4jArrays.dims;
import static org.ppl4j.backend.nd4j.Nd4jArrays.exec;
import static org.ppl4j.backend.nd4j.Nd4jArrays.lift;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarEquals;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarGreaterThan;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarGreaterThanOrEqual;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarLessThan;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarLessThanOrEqual;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarNotEquals;
import org.nd4j.linalg.api.ops.impl.transforms.any.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Floor;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Cos;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sin;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;

/**
 * Elementwise kernels: unary functions, broadcasting binary ops and comparisons, select, and the
 * fused softplus and BCE with logits.
 *
 * <p>libnd4j's binary ops broadcast as NumPy does. Where its semantics differ from PyTorch's the
 * result is repaired here: {@code maximum}/{@code minimum} and {@code sign} drop NaN, so NaN is put
 * back; {@code expm1}, {@code log1p} and {@code tanh} lose all precision near 0 (hundreds of ulps
 * at 1e-4, everything at 1e-8), so they come from {@link Nd4jSpecialFunctions}. Where libnd4j is
 * slow the work is a host loop ({@link Nd4jHost}): its {@code select} takes about 100 ns per
 * element, its {@code sqrt} 4 ns and its comparisons with a broadcast scalar 4 ns.
 */
final class Nd4jElementwise {
    /** Outputs up to this many elements are computed on the host when {@link #onHost} allows. */
    private static final int SMALL = 4096;

    private final Nd4jArrays arrays;
    private final Nd4jSpecialFunctions special;

    Nd4jElementwise(Nd4jArrays arrays) {
        this.arrays = arrays;
        this.special = new Nd4jSpecialFunctions(arrays);
    }

    INDArray unary(UnaryOp op, Attr attr, INDArray x, TensorType out) {
        if ((op == UnaryOp.NEG || op == UnaryOp.ABS) && onHost(out, x)) {
            INDArray z = arrays.alloc(out);
            Nd4jHost.map(z, op == UnaryOp.NEG ? NEG : ABS, x);
            return z;
        }
        return switch (op) {
            case CAST -> cast(x, out);
            case EXPM1 -> special.expm1(x, out);
            case LOG1P -> special.log1p(x, out);
            case TANH -> special.tanh(x, out);
            case SQRT -> Nd4jHost.sqrt(x, arrays.alloc(out));
            case SIGN -> keepNaN(x, transform(op, x, arrays.alloc(out)));
            default -> transform(op, x, arrays.alloc(out));
        };
    }

    /**
     * Whether to compute on the host: a small output (libnd4j's fixed cost per op, 10 to 40 µs,
     * exceeds the work) whose inputs are each of its size or a single value.
     */
    private static boolean onHost(TensorType out, INDArray... in) {
        int n = out.shape().size();
        if (n > SMALL) {
            return false;
        }
        for (INDArray x : in) {
            if (x.length() != n && x.length() != 1) {
                return false;
            }
        }
        return true;
    }

    private static final Nd4jHost.Kernel NEG =
            (in, r, n) -> {
                double[] a = in[0];
                for (int i = 0; i < n; i++) {
                    r[i] = -a[i];
                }
            };

    private static final Nd4jHost.Kernel ABS =
            (in, r, n) -> {
                double[] a = in[0];
                for (int i = 0; i < n; i++) {
                    r[i] = Math.abs(a[i]);
                }
            };

    /** The host kernel of an op whose double result rounds to the float one exactly, or null. */
    private static Nd4jHost.Kernel hostKernel(BinaryOp op) {
        return switch (op) {
            case ADD ->
                    (in, r, n) -> {
                        double[] a = in[0];
                        double[] b = in[1];
                        for (int i = 0; i < n; i++) {
                            r[i] = a[i] + b[i];
                        }
                    };
            case SUB ->
                    (in, r, n) -> {
                        double[] a = in[0];
                        double[] b = in[1];
                        for (int i = 0; i < n; i++) {
                            r[i] = a[i] - b[i];
                        }
                    };
            case MUL ->
                    (in, r, n) -> {
                        double[] a = in[0];
                        double[] b = in[1];
                        for (int i = 0; i < n; i++) {
                            r[i] = a[i] * b[i];
                        }
                    };
            case DIV ->
                    (in, r, n) -> {
                        double[] a = in[0];
                        double[] b = in[1];
                        for (int i = 0; i < n; i++) {
                            r[i] = a[i] / b[i];
                        }
                    };
            default -> null;
        };
    }

    private static Nd4jHost.Kernel hostKernel(CompareOp op) {
        return (in, r, n) -> {
            double[] a = in[0];
            double[] b = in[1];
            for (int i = 0; i < n; i++) {
                r[i] = op.test(a[i], b[i]) ? 1 : 0;
            }
        };
    }

    private static INDArray transform(UnaryOp op, INDArray x, INDArray z) {
        Op o =
                switch (op) {
                    case NEG -> new Negative(x, z);
                    case ABS -> new Abs(x, z);
                    case SIGN -> new Sign(x, z);
                    case EXP -> new Exp(x, z);
                    case LOG -> new Log(x, z);
                    case SIGMOID -> new Sigmoid(x, z);
                    case SIN -> new Sin(x, z);
                    case COS -> new Cos(x, z);
                    case FLOOR -> new Floor(x, z);
                    default -> throw new IllegalArgumentException("no ND4J transform for " + op);
                };
        Nd4j.getExecutioner().exec(o);
        return z;
    }

    private INDArray cast(INDArray x, TensorType out) {
        if (x.dataType() == dataType(out.dtype())) {
            return arrays.copy(x);
        }
        return convert(x, arrays.alloc(out));
    }

    /** Writes {@code x} (float, double or bool as 1 and 0) into {@code z}, converting. */
    static INDArray convert(INDArray x, INDArray z) {
        Nd4j.getExecutioner().exec(new Assign(x, z));
        return z;
    }

    INDArray binary(BinaryOp op, INDArray a, INDArray b, TensorType out) {
        Nd4jHost.Kernel k = hostKernel(op);
        if (k != null && onHost(out, a, b)) {
            INDArray z = arrays.alloc(out);
            Nd4jHost.map(z, k, a, b);
            return z;
        }
        String name =
                switch (op) {
                    case ADD -> "add";
                    case SUB -> "subtract";
                    case MUL -> "multiply";
                    case DIV -> "divide";
                    case POW -> "Pow";
                    case MAXIMUM -> "maximum";
                    case MINIMUM -> "minimum";
                };
        INDArray z = exec(name, arrays.alloc(out), operand(a, out), operand(b, out));
        if (op == BinaryOp.MAXIMUM || op == BinaryOp.MINIMUM) {
            z = keepNaN(a, z);
            z = keepNaN(b, z);
        }
        return z;
    }

    /**
     * 1 where {@code op(a, b)} holds, else 0, in the output's dtype: libnd4j compares into bools
     * (by its scalar kernels when one side is a single value, the broadcasting one is slow), then
     * converts them.
     */
    INDArray compare(CompareOp op, INDArray a, INDArray b, TensorType out) {
        if (onHost(out, a, b)) {
            INDArray z = arrays.alloc(out);
            Nd4jHost.map(z, hostKernel(op), a, b);
            return z;
        }
        long[] dims = dims(out.shape());
        INDArray mask = arrays.alloc(DataType.BOOL, dims);
        try {
            if (b.length() == 1 && a.length() == mask.length()) {
                Nd4j.getExecutioner().exec(scalarCompare(op, a, mask, b.getDouble(0)));
            } else if (a.length() == 1 && b.length() == mask.length()) {
                Nd4j.getExecutioner().exec(scalarCompare(swapped(op), b, mask, a.getDouble(0)));
            } else {
                int rank = dims.length;
                exec(pairwiseCompare(op), mask, lift(a, rank), lift(b, rank));
            }
            return convert(mask, arrays.alloc(out));
        } finally {
            arrays.free(mask);
        }
    }

    /** The comparison that holds for {@code (b, a)} when {@code op} holds for {@code (a, b)}. */
    private static CompareOp swapped(CompareOp op) {
        return switch (op) {
            case LT -> CompareOp.GT;
            case LE -> CompareOp.GE;
            case GT -> CompareOp.LT;
            case GE -> CompareOp.LE;
            default -> op;
        };
    }

    private static String pairwiseCompare(CompareOp op) {
        return switch (op) {
            case EQ -> "equals";
            case NE -> "not_equals";
            case LT -> "less";
            case LE -> "less_equal";
            case GT -> "greater";
            case GE -> "greater_equal";
        };
    }

    private static Op scalarCompare(CompareOp op, INDArray x, INDArray z, double s) {
        return switch (op) {
            case EQ -> new ScalarEquals(x, z, s);
            case NE -> new ScalarNotEquals(x, z, s);
            case LT -> new ScalarLessThan(x, z, s);
            case LE -> new ScalarLessThanOrEqual(x, z, s);
            case GT -> new ScalarGreaterThan(x, z, s);
            case GE -> new ScalarGreaterThanOrEqual(x, z, s);
        };
    }

    /**
     * {@code x} as libnd4j's broadcasting ops take it: a rank-0 scalar as it is (lifting it to rank
     * 2 costs a view and sends the op down a slower path), anything else lifted to the output's
     * rank.
     */
    private static INDArray operand(INDArray x, TensorType out) {
        return x.rank() == 0 ? x : lift(x, out.shape().rank());
    }

    /** {@code a} where {@code cond != 0}, else {@code b}, all three broadcast to {@code out}. */
    INDArray where(INDArray cond, INDArray a, INDArray b, TensorType out) {
        INDArray[] given = {cond, a, b};
        long[] dims = dims(out.shape());
        INDArray c = arrays.broadcast(cond, dims);
        INDArray x = arrays.broadcast(a, dims);
        INDArray y = arrays.broadcast(b, dims);
        try {
            INDArray z = arrays.alloc(out);
            Nd4jHost.select(c, x, y, z);
            return z;
        } finally {
            arrays.free(given, c, x, y);
        }
    }

    /**
     * PyTorch's softplus with threshold 20, as {@code Functions.compose(FusedOp.SOFTPLUS, x)}
     * defines it.
     */
    INDArray softplus(INDArray x, TensorType out) {
        return special.softplus(x, out);
    }

    /** {@code FusedOp.BCE_WITH_LOGITS} of logits {@code l} and targets {@code t} (broadcast). */
    INDArray bceWithLogits(INDArray l, INDArray t, TensorType out) {
        INDArray[] given = {l, t};
        long[] dims = dims(out.shape());
        INDArray x = arrays.broadcast(l, dims);
        INDArray y = arrays.broadcast(t, dims);
        try {
            return special.bceWithLogits(x, y, out);
        } finally {
            arrays.free(given, x, y);
        }
    }

    /**
     * {@code z} with NaN wherever {@code x} (broadcast) is NaN, as PyTorch's {@code maximum},
     * {@code minimum} and {@code sign} give; libnd4j's drop it.
     */
    INDArray keepNaN(INDArray x, INDArray z) {
        if (!Nd4jHost.hasNaN(x)) {
            return z;
        }
        INDArray bx = x.length() == 1 ? x : arrays.broadcast(x, z.shape());
        try {
            Nd4jHost.copyNaNs(bx, z);
            return z;
        } finally {
            arrays.free(new INDArray[] {x}, bx);
        }
    }
}
