package org.ppl4j.tck.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;
import org.ppl4j.testkit.ReferenceBackend;

/** The suites catch planted bugs: each faulty backend must fail the check that targets it. */
class KitSelfTest {
    private static final ReferenceBackend ORACLE = new ReferenceBackend();

    private static List<String> valueProblems(FaultyBackend b, Primitive p, DType dt) {
        List<DType> dtypes = List.of(DType.F32, DType.F64);
        return Agreement.of(ORACLE, b, PrimitiveCases.of(p, dt, dtypes, new Samples(1))).problems();
    }

    @Test
    void expm1ComputedAsExpMinusOneInFloat32IsCaught() {
        var b =
                new FaultyBackend(
                        UnaryOp.EXPM1,
                        (x, y) -> {
                            double[] r = new double[y.length];
                            for (int i = 0; i < r.length; i++) {
                                r[i] = (float) Math.exp(x[0][i]) - 1f;
                            }
                            return r;
                        });
        assertThat(valueProblems(b, UnaryOp.EXPM1, DType.F32)).isNotEmpty();
    }

    @Test
    void maxReductionThatSkipsNaNIsCaught() {
        var b =
                new FaultyBackend(
                        ReduceOp.MAX,
                        (x, y) -> {
                            double[] r = y.clone();
                            for (int i = 0; i < r.length; i++) {
                                r[i] = Double.isNaN(r[i]) ? 2 : r[i];
                            }
                            return r;
                        });
        assertThat(valueProblems(b, ReduceOp.MAX, DType.F64))
                .anySatisfy(p -> assertThat(p).contains("special values per row"));
    }

    @Test
    void aLastUlpErrorInFloat64IsToleratedButARelativeErrorOf1e9IsNot() {
        var ulp = new FaultyBackend(BinaryOp.DIV, (x, y) -> nudged(y, 1 + 2e-16));
        assertThat(valueProblems(ulp, BinaryOp.DIV, DType.F64)).isEmpty();
        var worse = new FaultyBackend(BinaryOp.DIV, (x, y) -> nudged(y, 1 + 1e-9));
        assertThat(valueProblems(worse, BinaryOp.DIV, DType.F64)).isNotEmpty();
    }

    @Test
    void scatterAddWithWrongSumsIsCaught() {
        var b = new FaultyBackend(LayoutOp.SCATTER_ADD, (x, y) -> nudged(y, 0.5));
        assertThat(valueProblems(b, LayoutOp.SCATTER_ADD, DType.F32)).isNotEmpty();
    }

    @Test
    void matmulWithAWrongSumIsCaught() {
        var b = new FaultyBackend(MatmulOp.MATMUL, (x, y) -> nudged(y, 1 + 1e-4));
        assertThat(valueProblems(b, MatmulOp.MATMUL, DType.F32)).isNotEmpty();
    }

    @Test
    void aSigmoidOffByOnePartInAThousandFailsTheGradientCheck() {
        var b = new FaultyBackend(UnaryOp.SIGMOID, (x, y) -> nudged(y, 1.001));
        Samples s = new Samples(3);
        Agreement agreement = new Agreement();
        for (OpCase c : GradCases.of(UnaryOp.SIGMOID, s)) {
            GradientCheck check = new GradientCheck(ORACLE, c, s);
            GradientCheck.compare(agreement, c, check.numeric(1e-6), () -> check.autodiff(b), 1e-6);
        }
        assertThat(agreement.problems()).isNotEmpty();
    }

    /**
     * The positive control: float32 kernels that accumulate in float, in reverse order, are within
     * tolerance, so the tolerances do not reject honest float32 implementations.
     */
    @Test
    void float32AccumulationInAnotherOrderIsTolerated() {
        var sum = new FaultyBackend(ReduceOp.SUM, (attr, t, x, y) -> floatSum(attr, t[0], x[0], y));
        assertThat(valueProblems(sum, ReduceOp.SUM, DType.F32)).isEmpty();
        var mm = new FaultyBackend(MatmulOp.MATMUL, (attr, t, x, y) -> floatMatmul(attr, t, x));
        assertThat(valueProblems(mm, MatmulOp.MATMUL, DType.F32)).isEmpty();
    }

    private static double[] floatSum(Attr attr, TensorType t, double[] x, double[] y) {
        Shape s = t.shape();
        int[] strides = ReduceOp.reducedShape(s, ((Attr.Axes) attr).axes(), true).strides();
        boolean[] reduced = new boolean[s.rank()];
        for (int a : ((Attr.Axes) attr).axes()) {
            reduced[a] = true;
        }
        float[] acc = new float[y.length];
        int[] dims = s.toArray();
        for (int flat = x.length - 1; flat >= 0; flat--) {
            int rest = flat;
            int at = 0;
            for (int i = dims.length - 1; i >= 0; i--) {
                at += reduced[i] ? 0 : (rest % dims[i]) * strides[i];
                rest /= dims[i];
            }
            acc[at] += (float) x[flat];
        }
        double[] r = new double[y.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = acc[i];
        }
        return r;
    }

    private static double[] floatMatmul(Attr attr, TensorType[] t, double[][] x) {
        Attr.Transpose tr = (Attr.Transpose) attr;
        Shape a = t[0].shape();
        Shape b = t[1].shape();
        int ar = a.dim(-2);
        int ac = a.dim(-1);
        int br = b.dim(-2);
        int bc = b.dim(-1);
        int m = tr.a() ? ac : ar;
        int k = tr.a() ? ar : ac;
        int n = tr.b() ? br : bc;
        int batch = a.sub(0, a.rank() - 2).size();
        double[] r = new double[batch * m * n];
        for (int q = 0; q < batch; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = 0;
                    for (int l = k - 1; l >= 0; l--) {
                        double u =
                                tr.a()
                                        ? x[0][q * ar * ac + l * ac + i]
                                        : x[0][q * ar * ac + i * ac + l];
                        double v =
                                tr.b()
                                        ? x[1][q * br * bc + j * bc + l]
                                        : x[1][q * br * bc + l * bc + j];
                        acc += (float) u * (float) v;
                    }
                    r[q * m * n + i * n + j] = acc;
                }
            }
        }
        return r;
    }

    private static double[] nudged(double[] y, double factor) {
        double[] r = y.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= factor;
        }
        return r;
    }
}
