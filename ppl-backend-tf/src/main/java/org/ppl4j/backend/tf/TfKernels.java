package org.ppl4j.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_BOOL;

import java.util.Arrays;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.SelectOp;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;

/**
 * Each ppl4j primitive as TF eager ops (layout primitives are in {@link TfLayout}).
 *
 * <p>Where TF's op differs from the primitive's definition the difference is fixed here with a few
 * more ops: comparisons give bool in TF and 1/0 in the operands' dtype in ppl4j; WHERE's condition
 * becomes {@code cond != 0} (a cast to bool); float64 softplus is composed; BCE with logits is
 * three ops. TF 2.18's Maximum/Minimum and Max/Min already propagate NaN like PyTorch on the CPU
 * (checked by the tests), so they map directly.
 */
final class TfKernels {
    /** Fills up to this many elements are uploaded from the host instead of run as TF's Fill. */
    private static final int SMALL_FILL = 1024;

    private TfKernels() {}

    /** Runs {@code p}; the returned handle is new and owned by the caller. */
    static <V> V run(
            TfBuilder<V> c, Primitive p, Attr attr, V[] in, TensorType[] types, TensorType out) {
        if (p instanceof UnaryOp u) {
            return unary(c, u, in[0], out.dtype());
        }
        if (p instanceof BinaryOp b) {
            if (b == BinaryOp.ADD && isBias(types[0], types[1])) {
                // BiasAdd, so that TF's graph optimizer fuses it into the MatMul before it.
                return c.op("BiasAdd").in(in[0]).in(in[1]).exec();
            }
            return binary(c, b, in[0], in[1]);
        }
        if (p instanceof CompareOp o) {
            return c.op("Cast")
                    .in(c.temp(compare(c, o, in[0], in[1])))
                    .attr("DstT", out.dtype())
                    .exec();
        }
        if (p instanceof ReduceOp r) {
            return reduce(c, r, (Attr.Axes) attr, in[0]);
        }
        if (p instanceof MatmulOp) {
            return matmul(c, (Attr.Transpose) attr, in[0], in[1], types[0].shape().rank());
        }
        if (p instanceof SelectOp) {
            // Cast to bool is cond != 0 (NaN included) in one op, without a zero to upload.
            V cond = c.temp(c.op("Cast").in(in[0]).attrType("DstT", TF_BOOL).exec());
            return c.op("SelectV2").in(cond).in(in[1]).in(in[2]).exec();
        }
        if (p instanceof CreationOp) {
            return fill(c, (Attr.Fill) attr, out);
        }
        if (p instanceof LayoutOp l) {
            return TfLayout.run(c, l, attr, in, types);
        }
        if (p instanceof SpecialOp s) {
            return special(c, s, attr, in, out.dtype());
        }
        if (p == LinalgOp.CHOLESKY) {
            // Reads the lower triangle only and zeroes the upper one of its result, as ppl4j.
            return c.op("Cholesky").in(in[0]).exec();
        }
        if (p == LinalgOp.TRIANGULAR_SOLVE) {
            // Broadcasts batch dims; adjoint is the transpose for real matrices.
            Attr.Triangular t = (Attr.Triangular) attr;
            return c.op("MatrixTriangularSolve")
                    .in(in[0])
                    .in(in[1])
                    .attr("lower", t.lower())
                    .attr("adjoint", t.transpose())
                    .exec();
        }
        if (p == FusedOp.SOFTPLUS) {
            return softplus(c, in[0], types[0].dtype());
        }
        if (p == FusedOp.BCE_WITH_LOGITS) {
            return bceWithLogits(c, in[0], in[1]);
        }
        throw new IllegalArgumentException("the tf backend has no kernel for " + p.name());
    }

    /**
     * Small fills (the scalar constants of every {@code x.mul(2.0)}) are uploaded as host values,
     * one native call; larger ones run TF's Fill, which needs its shape and value uploaded first.
     */
    private static <V> V fill(TfBuilder<V> c, Attr.Fill f, TensorType out) {
        int n = out.shape().size();
        if (n <= SMALL_FILL) {
            double[] v = new double[n];
            Arrays.fill(v, f.value());
            return c.upload(v, out);
        }
        return c.op("Fill")
                .in(c.ints(f.shape().toArray()))
                .in(c.scalar(f.value(), f.dtype()))
                .exec();
    }

    /**
     * {@code FusedOp.BCE_WITH_LOGITS} as {@code softplus(l) - l t}, since {@code softplus(l) =
     * max(l, 0) + log(1 + exp(-|l|))}. TF's Softplus drops {@code log(1 + exp(-l))} only where it
     * is below the dtype's epsilon, far inside the op's error scale {@code |l| + 1}.
     */
    private static <V> V bceWithLogits(TfBuilder<V> c, V l, V t) {
        V sp = c.temp(c.op("Softplus").in(l).exec());
        V lt = c.temp(c.op("Mul").in(l).in(t).exec());
        return c.op("Sub").in(sp).in(lt).exec();
    }

    private static <V> V unary(TfBuilder<V> c, UnaryOp u, V x, DType out) {
        String op =
                switch (u) {
                    case NEG -> "Neg";
                    case ABS -> "Abs";
                    case SIGN -> "Sign";
                    case EXP -> "Exp";
                    case EXPM1 -> "Expm1";
                    case LOG -> "Log";
                    case LOG1P -> "Log1p";
                    case SQRT -> "Sqrt";
                    case TANH -> "Tanh";
                    case SIGMOID -> "Sigmoid";
                    case SIN -> "Sin";
                    case COS -> "Cos";
                    case FLOOR -> "Floor";
                    case CAST -> null;
                };
        if (op == null) {
            return c.op("Cast").in(x).attr("DstT", out).exec();
        }
        return c.op(op).in(x).exec();
    }

    /**
     * TF's Lgamma, Digamma, Polygamma, Erf, Erfc and RandomGammaGrad, repaired where they differ
     * from {@code SpecialMath}: digamma at ±0 is ∓inf (TF: NaN), polygamma at -inf is NaN (TF:
     * inf). TF's float32 Polygamma and RandomGammaGrad are off by up to 1e-1 and 1e-3 relative
     * (negative arguments, the bulk of large alphas), so those two run in float64 and are rounded
     * once; RandomGammaGrad is NaN outside alpha > 0, x >= 0 as in the reference.
     */
    private static <V> V special(TfBuilder<V> c, SpecialOp s, Attr attr, V[] in, DType out) {
        V x = in[0];
        return switch (s) {
            case LGAMMA -> c.op("Lgamma").in(x).exec();
            case DIGAMMA -> {
                V zero = c.temp(c.op("Equal").in(x).in(c.scalar(0, out)).exec());
                V pole = c.temp(c.op("Neg").in(c.temp(c.op("Reciprocal").in(x).exec())).exec());
                V d = c.temp(c.op("Digamma").in(x).exec());
                yield c.op("SelectV2").in(zero).in(pole).in(d).exec();
            }
            case POLYGAMMA -> {
                V x64 = toF64(c, x, out);
                V n = c.scalar(((Attr.Order) attr).n(), DType.F64);
                V p = c.temp(c.op("Polygamma").in(n).in(x64).exec());
                V minusInf =
                        c.temp(
                                c.op("Equal")
                                        .in(x64)
                                        .in(c.scalar(Double.NEGATIVE_INFINITY, DType.F64))
                                        .exec());
                V nan = c.scalar(Double.NaN, DType.F64);
                yield fromF64(c, c.temp(c.op("SelectV2").in(minusInf).in(nan).in(p).exec()), out);
            }
            case ERF -> c.op("Erf").in(x).exec();
            case ERFC -> c.op("Erfc").in(x).exec();
            case STANDARD_GAMMA_GRAD -> {
                V a64 = toF64(c, x, out);
                V s64 = toF64(c, in[1], out);
                V zero = c.scalar(0, DType.F64);
                V ok =
                        c.temp(
                                c.op("LogicalAnd")
                                        .in(c.temp(c.op("Greater").in(a64).in(zero).exec()))
                                        .in(c.temp(c.op("GreaterEqual").in(s64).in(zero).exec()))
                                        .exec());
                V g = c.temp(c.op("RandomGammaGrad").in(a64).in(s64).exec());
                V nan = c.scalar(Double.NaN, DType.F64);
                yield fromF64(c, c.temp(c.op("SelectV2").in(ok).in(g).in(nan).exec()), out);
            }
        };
    }

    /** {@code x} as float64 (a temporary when cast). */
    private static <V> V toF64(TfBuilder<V> c, V x, DType dtype) {
        return dtype == DType.F64 ? x : c.temp(c.op("Cast").in(x).attr("DstT", DType.F64).exec());
    }

    /** A new handle of {@code x64} rounded to {@code dtype}. */
    private static <V> V fromF64(TfBuilder<V> c, V x64, DType dtype) {
        if (dtype == DType.F64) {
            return c.op("Identity").in(x64).exec();
        }
        return c.op("Cast").in(x64).attr("DstT", dtype).exec();
    }

    /** Whether {@code y} is a vector added to the last axis of the matrix {@code x}. */
    private static boolean isBias(TensorType x, TensorType y) {
        return x.shape().rank() == 2
                && y.shape().rank() == 1
                && y.shape().dim(0) == x.shape().dim(1);
    }

    private static <V> V binary(TfBuilder<V> c, BinaryOp b, V x, V y) {
        String op =
                switch (b) {
                    case ADD -> "AddV2";
                    case SUB -> "Sub";
                    case MUL -> "Mul";
                    case DIV -> "RealDiv";
                    case POW -> "Pow";
                    case MAXIMUM -> "Maximum";
                    case MINIMUM -> "Minimum";
                };
        return c.op(op).in(x).in(y).exec();
    }

    private static <V> V compare(TfBuilder<V> c, CompareOp o, V x, V y) {
        String op =
                switch (o) {
                    case EQ -> "Equal";
                    case NE -> "NotEqual";
                    case LT -> "Less";
                    case LE -> "LessEqual";
                    case GT -> "Greater";
                    case GE -> "GreaterEqual";
                };
        return c.op(op).in(x).in(y).exec();
    }

    private static <V> V reduce(TfBuilder<V> c, ReduceOp r, Attr.Axes a, V x) {
        String op =
                switch (r) {
                    case SUM -> "Sum";
                    case MAX -> "Max";
                    case MIN -> "Min";
                };
        return c.op(op).in(x).in(c.ints(a.axes())).attr("keep_dims", a.keepDims()).exec();
    }

    private static <V> V matmul(TfBuilder<V> c, Attr.Transpose t, V a, V b, int rank) {
        if (rank == 2) {
            return c.op("MatMul")
                    .in(a)
                    .in(b)
                    .attr("transpose_a", t.a())
                    .attr("transpose_b", t.b())
                    .exec();
        }
        return c.op("BatchMatMulV2").in(a).in(b).attr("adj_x", t.a()).attr("adj_y", t.b()).exec();
    }

    /**
     * TF's Softplus returns {@code x} above {@code -log(eps) - 2} (13.9 in float32, 34.0 in
     * float64) and {@code exp(x)} below its negative. In float32 that stays within 5e-7 relative
     * (about 4 ulp) of {@link FusedOp#SOFTPLUS}'s composition, so the one kernel is used; in
     * float64 it differs by up to 2e-9 between 20 and 34, so the composition itself runs, as TF
     * ops.
     */
    private static <V> V softplus(TfBuilder<V> c, V x, DType dtype) {
        if (dtype == DType.F32) {
            return c.op("Softplus").in(x).exec();
        }
        V twenty = c.scalar(20, dtype);
        V above = c.temp(c.op("Greater").in(x).in(twenty).exec());
        V clipped = c.temp(c.op("Minimum").in(x).in(twenty).exec());
        V exp = c.temp(c.op("Exp").in(clipped).exec());
        V log1p = c.temp(c.op("Log1p").in(exp).exec());
        return c.op("SelectV2").in(above).in(x).in(log1p).exec();
    }
}
