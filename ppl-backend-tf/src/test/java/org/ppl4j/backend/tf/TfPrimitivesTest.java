package org.ppl4j.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.UnaryOp;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/** Each primitive on small hand-checked cases, in float32 and float64. */
class TfPrimitivesTest {
    static final Backend TF = Backends.get("tf");
    static final double NAN = Double.NaN;
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = new TensorScope(TF);
    }

    @AfterEach
    void close() {
        scope.close();
    }

    static Tensor t(DType d, double[] v, int... shape) {
        return Tensor.of(v, d, shape);
    }

    static double[] v(double... v) {
        return v;
    }

    /** Shape, dtype and values (NaN matches NaN; float32 to 1e-6 relative, float64 to 1e-12). */
    static void check(Tensor t, DType d, int[] shape, double... want) {
        assertThat(t.dtype()).isEqualTo(d);
        assertThat(t.shape()).isEqualTo(Shape.of(shape));
        double[] got = t.toDoubleArray();
        assertThat(got).hasSameSizeAs(want);
        double rel = d == DType.F32 ? 1e-6 : 1e-12;
        for (int i = 0; i < want.length; i++) {
            if (Double.isNaN(want[i])) {
                assertThat(got[i]).as("element %d", i).isNaN();
            } else if (Double.isInfinite(want[i])) {
                assertThat(got[i]).as("element %d", i).isEqualTo(want[i]);
            } else {
                double tol = rel * Math.max(1, Math.abs(want[i]));
                assertThat(got[i]).as("element %d", i).isCloseTo(want[i], within(tol));
            }
        }
    }

    static int[] s(int... shape) {
        return shape;
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void unaryOpsMatchJavaMath(DType d) {
        double[] x = {-1.5, 0, 0.5, 2, NAN};
        double[] pos = {0.25, 1, 2, 0, NAN};
        double[] small = {1e-10, -0.5, 0, 2, NAN};
        for (UnaryOp u : UnaryOp.values()) {
            double[] in =
                    switch (u) {
                        case LOG, SQRT -> pos;
                        case LOG1P, EXPM1 -> small;
                        default -> x;
                    };
            DoubleUnaryOperator f = reference(u);
            if (f == null) {
                continue;
            }
            double[] want = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                want[i] = d.round(f.applyAsDouble(d.round(in[i])));
            }
            Tensor r = Dispatch.apply(u, Attr.NONE, t(d, in, 5));
            check(r, d, s(5), want);
        }
    }

    private static DoubleUnaryOperator reference(UnaryOp u) {
        return switch (u) {
            case NEG -> a -> -a;
            case ABS -> Math::abs;
            case SIGN -> Math::signum; // TF gives NaN for NaN, like NumPy (PyTorch gives 0)
            case EXP -> Math::exp;
            case EXPM1 -> Math::expm1;
            case LOG -> Math::log;
            case LOG1P -> Math::log1p;
            case SQRT -> Math::sqrt;
            case TANH -> Math::tanh;
            case SIGMOID -> a -> 1 / (1 + Math.exp(-a));
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case FLOOR -> Math::floor;
            case CAST -> null;
        };
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void signOfZeroIsZeroAndLogOfZeroIsMinusInfinity(DType d) {
        check(t(d, v(0, -0.0, -3), 3).sign(), d, s(3), 0, 0, -1);
        check(t(d, v(0), 1).log(), d, s(1), Double.NEGATIVE_INFINITY);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void castConvertsBetweenDtypes(DType d) {
        DType other = d == DType.F32 ? DType.F64 : DType.F32;
        Tensor x = t(d, v(0.1, -2.5, 1e300), 3);
        Tensor y = x.cast(other);
        check(y, other, s(3), other.round(d.round(0.1)), -2.5, other.round(d.round(1e300)));
        check(
                Dispatch.apply(UnaryOp.CAST, new Attr.ToType(d), x),
                d,
                s(3),
                d.round(0.1),
                -2.5,
                d.round(1e300));
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void binaryOpsBroadcastLikeNumpy(DType d) {
        Tensor x = t(d, v(-2, 3), 2, 1);
        Tensor y = t(d, v(0.5, 1, 2), 3);
        for (BinaryOp b : BinaryOp.values()) {
            DoubleBinaryOperator f =
                    switch (b) {
                        case ADD -> Double::sum;
                        case SUB -> (p, q) -> p - q;
                        case MUL -> (p, q) -> p * q;
                        case DIV -> (p, q) -> p / q;
                        case POW -> Math::pow;
                        case MAXIMUM -> Math::max;
                        case MINIMUM -> Math::min;
                    };
            double[] want = new double[6];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    want[i * 3 + j] =
                            d.round(f.applyAsDouble(i == 0 ? -2 : 3, new double[] {0.5, 1, 2}[j]));
                }
            }
            check(Dispatch.apply(b, Attr.NONE, x, y), d, s(2, 3), want);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void binaryOpsWithScalarsAndSizeOneDims(DType d) {
        Tensor x = t(d, v(1, 2, 3), 1, 3);
        check(x.mul(Tensor.scalar(2, d)), d, s(1, 3), 2, 4, 6);
        check(Tensor.scalar(1, d).sub(x), d, s(1, 3), 0, -1, -2);
        check(x.add(t(d, v(10, 20), 2, 1)), d, s(2, 3), 11, 12, 13, 21, 22, 23);
        check(Tensor.scalar(2, d).pow(Tensor.scalar(3, d)), d, s(), 8);
        check(
                t(d, v(1, 0, -1), 3).div(Tensor.scalar(0, d)),
                d,
                s(3),
                Double.POSITIVE_INFINITY,
                NAN,
                Double.NEGATIVE_INFINITY);
        check(
                t(d, v(0, 0, -8), 3).pow(t(d, v(0, -1, 0.5), 3)),
                d,
                s(3),
                1,
                Double.POSITIVE_INFINITY,
                NAN);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void maximumAndMinimumPropagateNanLikePytorch(DType d) {
        Tensor x = t(d, v(NAN, 1, 2), 3);
        Tensor y = t(d, v(0, NAN, 1), 3);
        check(x.maximum(y), d, s(3), NAN, NAN, 2);
        check(x.minimum(y), d, s(3), NAN, NAN, 1);
        // long enough for TF's vectorized kernels, NaN in every lane position
        for (int pos = 0; pos < 37; pos++) {
            double[] a = new double[37];
            a[pos] = NAN;
            double[] got = t(d, a, 37).maximum(Tensor.scalar(1, d)).toDoubleArray();
            assertThat(got[pos]).as("maximum, NaN at %d", pos).isNaN();
            assertThat(t(d, a, 37).max().item()).as("max, NaN at %d", pos).isNaN();
            assertThat(t(d, a, 37).min().item()).as("min, NaN at %d", pos).isNaN();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void comparisonsGiveOneOrZeroInTheOperandDtypeAndNanComparesFalse(DType d) {
        Tensor x = t(d, v(1, NAN), 2, 1);
        Tensor y = t(d, v(0, 1, 2), 3);
        for (CompareOp o : CompareOp.values()) {
            double[] want = new double[6];
            for (int i = 0; i < 6; i++) {
                want[i] = o.test(i < 3 ? 1 : NAN, i % 3) ? 1 : 0;
            }
            check(Dispatch.apply(o, Attr.NONE, x, y), d, s(2, 3), want);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void reductionsOverAxesWithAndWithoutKeepDims(DType d) {
        Tensor x = t(d, v(1, 5, 3, -2, 0, 4), 2, 3);
        check(x.sum(new int[] {1}, false), d, s(2), 9, 2);
        check(x.sum(new int[] {1}, true), d, s(2, 1), 9, 2);
        check(x.sum(), d, s(), 11);
        check(x.sum(new int[0], false), d, s(2, 3), 1, 5, 3, -2, 0, 4);
        check(x.max(new int[] {0}, false), d, s(3), 1, 5, 4);
        check(x.min(new int[] {1}, true), d, s(2, 1), 1, -2);
        check(x.max(), d, s(), 5);
        check(t(d, v(1, NAN, 3, 4), 2, 2).max(new int[] {1}, false), d, s(2), NAN, 4);
        check(t(d, v(1, NAN, 3, 4), 2, 2).min(new int[] {0}, false), d, s(2), 1, NAN);
        check(Tensor.zeros(d, 0, 3).sum(new int[] {0}, false), d, s(3), 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void matmulWithTransposeFlagsInRankTwoAndBatched(DType d) {
        Tensor a = t(d, v(1, 2, 3, 4, 5, 6), 2, 3);
        Tensor b = t(d, v(1, 0, 0, 1, 1, 1), 3, 2);
        check(a.matmul(b), d, s(2, 2), 4, 5, 10, 11);
        check(a.matmul(a, false, true), d, s(2, 2), 14, 32, 32, 77);
        check(a.matmul(a, true, false), d, s(3, 3), 17, 22, 27, 22, 29, 36, 27, 36, 45);
        check(b.matmul(a, true, true), d, s(2, 2), 4, 10, 5, 11);
        // batch of two 2x2: [[1,2],[3,4]] and [[0,1],[1,0]]
        Tensor p = t(d, v(1, 2, 3, 4, 0, 1, 1, 0), 2, 2, 2);
        check(p.matmul(p), d, s(2, 2, 2), 7, 10, 15, 22, 1, 0, 0, 1);
        check(p.matmul(p, true, false), d, s(2, 2, 2), 10, 14, 14, 20, 1, 0, 0, 1);
        check(p.matmul(p, false, true), d, s(2, 2, 2), 5, 11, 11, 25, 1, 0, 0, 1);
        check(Tensor.zeros(d, 2, 0).matmul(Tensor.zeros(d, 0, 2)), d, s(2, 2), 0, 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void whereSelectsWhereConditionIsNonZeroWithBroadcasting(DType d) {
        Tensor cond = t(d, v(1, 0, NAN), 3, 1);
        Tensor a = t(d, v(1, 2), 2);
        check(cond.where(a, Tensor.scalar(9, d)), d, s(3, 2), 1, 2, 9, 9, 1, 2);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void fullMakesScalarsMatricesAndEmptyTensors(DType d) {
        check(Tensor.full(Shape.of(2, 3), 1.5, d), d, s(2, 3), 1.5, 1.5, 1.5, 1.5, 1.5, 1.5);
        check(Tensor.scalar(-7, d), d, s(), -7);
        check(Tensor.full(Shape.of(0, 2), 1, d), d, s(0, 2));
        check(Tensor.full(Shape.of(1), NAN, d), d, s(1), NAN);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void reshapeBroadcastTransposeSliceAndPad(DType d) {
        Tensor x = t(d, v(0, 1, 2, 3, 4, 5), 2, 3);
        check(x.reshape(3, 2), d, s(3, 2), 0, 1, 2, 3, 4, 5);
        check(
                t(d, v(1, 2), 2, 1).broadcastTo(Shape.of(2, 2, 3)),
                d,
                s(2, 2, 3),
                1,
                1,
                1,
                2,
                2,
                2,
                1,
                1,
                1,
                2,
                2,
                2);
        check(x.transpose(), d, s(3, 2), 0, 3, 1, 4, 2, 5);
        Tensor y = t(d, v(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 2, 3, 2);
        check(y.permute(2, 0, 1), d, s(2, 2, 3), 0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11);
        check(x.slice(new int[] {0, 1}, new int[] {2, 3}), d, s(2, 2), 1, 2, 4, 5);
        check(x.slice(new int[] {1, 0}, new int[] {1, 3}), d, s(0, 3));
        check(
                x.pad(new int[] {1, 0}, new int[] {0, 1}),
                d,
                s(3, 4),
                0,
                0,
                0,
                0,
                0,
                1,
                2,
                0,
                3,
                4,
                5,
                0);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void concatJoinsOneOrMoreTensors(DType d) {
        Tensor a = t(d, v(1, 2), 2, 1);
        Tensor b = t(d, v(3, 4, 5, 6), 2, 2);
        check(Tensor.concat(1, a, b), d, s(2, 3), 1, 3, 4, 2, 5, 6);
        check(Tensor.concat(0, b, b), d, s(4, 2), 3, 4, 5, 6, 3, 4, 5, 6);
        check(Tensor.concat(0, a), d, s(2, 1), 1, 2);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void gatherRepeatsAndScatterAddAccumulatesRepeats(DType d) {
        Tensor x = t(d, v(0, 1, 2, 3, 4, 5), 2, 3);
        int[] idx = {2, 0, 2};
        check(x.gather(1, idx), d, s(2, 3), 2, 0, 2, 5, 3, 5);
        check(x.gather(0, new int[] {1}), d, s(1, 3), 3, 4, 5);
        check(x.scatterAdd(1, idx, 4), d, s(2, 4), 1, 0, 2, 0, 4, 0, 8, 0);
        check(x.scatterAdd(0, new int[] {1, 1}, 3), d, s(3, 3), 0, 0, 0, 3, 5, 7, 0, 0, 0);
        Tensor y = t(d, v(1, 2, 3, 4, 5, 6, 7, 8), 2, 2, 2);
        check(y.scatterAdd(1, new int[] {0, 0}, 1), d, s(2, 1, 2), 4, 6, 12, 14);
        check(Tensor.zeros(d, 2, 0).scatterAdd(1, new int[0], 2), d, s(2, 2), 0, 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void fusedSoftplusEqualsItsCompositionWithinRounding(DType d) {
        assertThat(TF.supports(FusedOp.SOFTPLUS)).isTrue();
        int n = 20001;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -50 + 100.0 * i / (n - 1);
        }
        Tensor x = t(d, xs, n);
        double[] fused = x.softplus().toDoubleArray();
        double[] composed = Functions.compose(FusedOp.SOFTPLUS, x).toDoubleArray();
        double rel = d == DType.F32 ? 1e-6 : 1e-15;
        for (int i = 0; i < n; i++) {
            assertThat(fused[i])
                    .as("softplus(%s)", xs[i])
                    .isCloseTo(composed[i], within(rel * Math.max(1e-30, Math.abs(composed[i]))));
        }
        check(
                t(d, v(NAN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0), 4).softplus(),
                d,
                s(4),
                NAN,
                Double.POSITIVE_INFINITY,
                0,
                Math.log(2));
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void fusedBceWithLogitsEqualsItsCompositionWithinItsErrorScale(DType d) {
        assertThat(TF.supports(FusedOp.BCE_WITH_LOGITS)).isTrue();
        double[] l = v(-100, -30, -5, -1e-3, 0, 1e-8, 2, 19.9, 20.5, 40, 100, NAN);
        Tensor logits = t(d, l, l.length, 1);
        Tensor target = t(d, v(0, 0.25, 1), 3);
        Tensor[] in = {logits, target};
        double[] fused = Dispatch.apply(FusedOp.BCE_WITH_LOGITS, Attr.NONE, in).toDoubleArray();
        double[] composed = Functions.compose(FusedOp.BCE_WITH_LOGITS, in).toDoubleArray();
        double eps = d == DType.F32 ? 1e-6 : 1e-14;
        for (int i = 0; i < composed.length; i++) {
            double li = l[i / 3];
            if (Double.isNaN(li)) {
                assertThat(fused[i]).as("l=NaN").isNaN();
            } else {
                assertThat(fused[i])
                        .as("l=%s, t=%s", li, i % 3)
                        .isCloseTo(composed[i], within(eps * (Math.abs(li) + 1)));
            }
        }
    }
}
