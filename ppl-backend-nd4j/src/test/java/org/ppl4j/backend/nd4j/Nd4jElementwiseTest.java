package org.ppl4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.backend.nd4j.Nd4jTesting.assertTensor;
import static org.ppl4j.backend.nd4j.Nd4jTesting.backend;
import static org.ppl4j.backend.nd4j.Nd4jTesting.t;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

class Nd4jElementwiseTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void unaryFunctionsMatchJavaMath(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor x = t(d, new double[] {-2, -0.5, 0, 0.5, 3}, 5);
            assertTensor(x.neg(), new int[] {5}, 2, 0.5, 0, -0.5, -3);
            assertTensor(x.abs(), new int[] {5}, 2, 0.5, 0, 0.5, 3);
            assertTensor(x.sign(), new int[] {5}, -1, -1, 0, 1, 1);
            assertTensor(x.floor(), new int[] {5}, -2, -1, 0, 0, 3);
            for (double[] row : new double[][] {{-2}, {-0.5}, {0}, {0.5}, {3}}) {
                Tensor s = t(d, row);
                double v = row[0];
                assertTensor(s.exp(), new int[0], Math.exp(v));
                assertTensor(s.expm1(), new int[0], Math.expm1(v));
                assertTensor(s.tanh(), new int[0], Math.tanh(v));
                assertTensor(s.sigmoid(), new int[0], 1 / (1 + Math.exp(-v)));
                assertTensor(s.sin(), new int[0], Math.sin(v));
                assertTensor(s.cos(), new int[0], Math.cos(v));
            }
            Tensor p = t(d, new double[] {0, 0.25, 1, 4, -1}, 5);
            assertTensor(p.log(), new int[] {5}, -INF, Math.log(0.25), 0, Math.log(4), NAN);
            assertTensor(p.sqrt(), new int[] {5}, 0, 0.5, 1, 2, NAN);
            assertTensor(
                    p.log1p(), new int[] {5}, 0, Math.log1p(0.25), Math.log(2), Math.log(5), -INF);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void expm1Log1pAndTanhArePreciseNearZero(DType d) {
        try (var scope = new TensorScope(backend())) {
            double[] v = {1e-8, -1e-4, 3e-3};
            Tensor x = t(d, v, 3);
            double[] expm1 = new double[3];
            double[] log1p = new double[3];
            double[] tanh = new double[3];
            for (int i = 0; i < 3; i++) {
                double xi = d == DType.F32 ? (float) v[i] : v[i];
                expm1[i] = Math.expm1(xi);
                log1p[i] = Math.log1p(xi);
                tanh[i] = Math.tanh(xi);
            }
            assertTensor(x.expm1(), new int[] {3}, expm1);
            assertTensor(x.log1p(), new int[] {3}, log1p);
            assertTensor(x.tanh(), new int[] {3}, tanh);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void nanPassesThroughUnaryFunctions(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor x = t(d, new double[] {NAN, 1}, 2);
            for (Tensor r : new Tensor[] {x.sign(), x.exp(), x.log1p(), x.tanh(), x.abs()}) {
                assertThat(Double.isNaN(r.toDoubleArray()[0])).as("%s", r).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void binaryOpsBroadcastLikeNumPy(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor col = t(d, new double[] {1, 2, 3}, 3, 1);
            Tensor row = t(d, new double[] {10, 20}, 2);
            assertTensor(col.add(row), new int[] {3, 2}, 11, 21, 12, 22, 13, 23);
            assertTensor(row.sub(col), new int[] {3, 2}, 9, 19, 8, 18, 7, 17);
            assertTensor(col.mul(row), new int[] {3, 2}, 10, 20, 20, 40, 30, 60);
            assertTensor(row.div(col), new int[] {3, 2}, 10, 20, 5, 10, 10.0 / 3, 20.0 / 3);
            assertTensor(
                    col.pow(t(d, new double[] {2, 0.5}, 1, 2)),
                    new int[] {3, 2},
                    1,
                    1,
                    4,
                    Math.sqrt(2),
                    9,
                    Math.sqrt(3));
            Tensor one = t(d, new double[] {2}, 1, 1); // libnd4j alone fails on [3] with [1, 1]
            assertTensor(t(d, new double[] {1, 2, 3}, 3).mul(one), new int[] {1, 3}, 2, 4, 6);
            assertTensor(one.pow(t(d, new double[] {1, 2, 3}, 3)), new int[] {1, 3}, 2, 4, 8);
            assertTensor(t(d, new double[] {1, 2, 3}, 3).ge(one), new int[] {1, 3}, 0, 1, 1);
            Tensor s = t(d, new double[] {2}); // rank 0
            assertTensor(s.sub(col), new int[] {3, 1}, 1, 0, -1);
            assertTensor(col.div(s), new int[] {3, 1}, 0.5, 1, 1.5);
            assertTensor(s.mul(col), new int[] {3, 1}, 2, 4, 6);
            assertTensor(s.add(s), new int[0], 4);
            Tensor batch = t(d, new double[] {1, 2, 3, 4}, 2, 1, 2);
            assertTensor(
                    batch.add(t(d, new double[] {0, 10, 20}, 3, 1)),
                    new int[] {2, 3, 2},
                    1,
                    2,
                    11,
                    12,
                    21,
                    22,
                    3,
                    4,
                    13,
                    14,
                    23,
                    24);
            assertTensor(
                    t(d, new double[] {1, 0, -1}, 3).div(t(d, new double[] {0})),
                    new int[] {3},
                    INF,
                    NAN,
                    -INF);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void maximumAndMinimumPropagateNaNFromEitherSide(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor a = t(d, new double[] {NAN, 1, 5, NAN}, 4);
            Tensor b = t(d, new double[] {1, NAN, 2, NAN}, 4);
            assertTensor(a.maximum(b), new int[] {4}, NAN, NAN, 5, NAN);
            assertTensor(a.minimum(b), new int[] {4}, NAN, NAN, 2, NAN);
            assertTensor(a.maximum(t(d, new double[] {3}, 1)), new int[] {4}, NAN, 3, 5, NAN);
            assertTensor(
                    t(d, new double[] {1, 4}, 2, 1).minimum(t(d, new double[] {2, 3}, 2)),
                    new int[] {2, 2},
                    1,
                    1,
                    2,
                    3);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void comparisonsGiveOnesAndZerosAndAreFalseOnNaNExceptNe(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor a = t(d, new double[] {1, 2, NAN}, 3);
            Tensor b = t(d, new double[] {2}, 1);
            Tensor eq = a.eq(b);
            assertThat(eq.dtype()).isEqualTo(d);
            assertTensor(eq, new int[] {3}, 0, 1, 0);
            assertTensor(a.ne(b), new int[] {3}, 1, 0, 1);
            assertTensor(a.lt(b), new int[] {3}, 1, 0, 0);
            assertTensor(a.le(b), new int[] {3}, 1, 1, 0);
            assertTensor(a.gt(b), new int[] {3}, 0, 0, 0);
            assertTensor(a.ge(b), new int[] {3}, 0, 1, 0);
            assertTensor(
                    t(d, new double[] {1, 2}, 2, 1).lt(t(d, new double[] {1, 2, 3}, 3)),
                    new int[] {2, 3},
                    0,
                    1,
                    1,
                    0,
                    0,
                    1);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void whereBroadcastsConditionAndBothBranches(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor cond = t(d, new double[] {1, 0, 1}, 3, 1);
            Tensor a = t(d, new double[] {10, 20}, 2);
            Tensor b = t(d, new double[] {-1});
            assertTensor(cond.where(a, b), new int[] {3, 2}, 10, 20, -1, -1, 10, 20);
            Tensor c0 = t(d, new double[] {0});
            assertTensor(c0.where(t(d, new double[] {1}), t(d, new double[] {2})), new int[0], 2);
            Tensor nan = t(d, new double[] {NAN, INF}, 2);
            assertTensor(t(d, new double[] {0, 1}, 2).where(nan, a), new int[] {2}, 10, INF);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void castConvertsAndCopies(DType d) {
        DType other = d == DType.F32 ? DType.F64 : DType.F32;
        Backend be = backend();
        try (var scope = new TensorScope(be)) {
            Tensor x = t(d, new double[] {0.1, -2.5}, 2);
            Tensor y = x.cast(other);
            assertThat(y.dtype()).isEqualTo(other);
            assertThat(y.toDoubleArray()[1]).isEqualTo(-2.5);
            assertThat(y.toFloatArray()[0]).isEqualTo(0.1f);
            var same =
                    be.execute(
                            UnaryOp.CAST,
                            new Attr.ToType(d),
                            new Handle[] {x.handle()},
                            new TensorType[] {x.type()},
                            x.type());
            x.close();
            assertThat(be.toDoubles(same, x.type())).containsExactly(d.round(0.1), -2.5);
            be.release(same);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void fusedSoftplusEqualsItsComposition(DType d) {
        assertThat(backend().supports(FusedOp.SOFTPLUS)).isTrue();
        try (var scope = new TensorScope(backend())) {
            double[] v = {-100, -30, -5, -1e-3, 0, 2, 19.9, 20, 20.5, 100, NAN, -INF, INF};
            Tensor x = t(d, v, v.length);
            double[] fused = x.softplus().toDoubleArray();
            double[] composed = Functions.compose(FusedOp.SOFTPLUS, x).toDoubleArray();
            double ulps = d == DType.F32 ? 2 * Math.ulp(1f) : 4 * Math.ulp(1.0);
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(composed[i]) || Double.isInfinite(composed[i])) {
                    assertThat(Double.valueOf(fused[i]))
                            .as("x=%s", v[i])
                            .isEqualTo(Double.valueOf(composed[i]));
                } else {
                    assertThat(fused[i])
                            .as("x=%s", v[i])
                            .isCloseTo(composed[i], within(ulps * Math.abs(composed[i])));
                }
            }
            assertThat(fused[0]).isGreaterThan(0.0); // log1p, not log(1 + x), so exp(-100) survives
            assertThat(fused[9]).isEqualTo(100.0);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void fusedBceWithLogitsEqualsItsComposition(DType d) {
        assertThat(backend().supports(FusedOp.BCE_WITH_LOGITS)).isTrue();
        try (var scope = new TensorScope(backend())) {
            double[] v = {-100, -30, -5, -1e-3, 0, 1e-8, 2, 19.9, 20.5, 100, NAN};
            Tensor l = t(d, v, v.length, 1);
            Tensor target = t(d, new double[] {0, 0.25, 1}, 3);
            Tensor[] in = {l, target};
            double[] fused = Dispatch.apply(FusedOp.BCE_WITH_LOGITS, Attr.NONE, in).toDoubleArray();
            double[] composed = Functions.compose(FusedOp.BCE_WITH_LOGITS, in).toDoubleArray();
            double eps = d == DType.F32 ? 1e-6 : 1e-14;
            for (int i = 0; i < composed.length; i++) {
                double li = v[i / 3];
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

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void log1pExpm1TanhAndSoftplusStayWithinAFewUlpsOfJavaMath(DType d) {
        int n = 20000;
        double[] v = new double[n];
        java.util.Random rng = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            double mag = Math.pow(10, -20 + 21.5 * rng.nextDouble()); // 1e-20 to 30
            v[i] = d.round(i % 2 == 0 ? mag : -Math.min(mag, 0.99));
        }
        double ulps = d == DType.F32 ? 4 : 8;
        try (var scope = new TensorScope(backend())) {
            Tensor x = t(d, v, n);
            checkUlps(x.log1p(), v, Math::log1p, ulps);
            checkUlps(x.expm1(), v, Math::expm1, ulps);
            checkUlps(x.tanh(), v, Math::tanh, ulps);
            checkUlps(x.softplus(), v, a -> a > 20 ? a : Math.log1p(Math.exp(a)), ulps);
        }
    }

    private static void checkUlps(
            Tensor got, double[] v, java.util.function.DoubleUnaryOperator f, double ulps) {
        double[] g = got.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            double want = got.dtype().round(f.applyAsDouble(v[i]));
            double ulp = got.dtype() == DType.F32 ? Math.ulp((float) want) : Math.ulp(want);
            assertThat(g[i]).as("%s(%s)", got, v[i]).isCloseTo(want, within(ulps * ulp));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void whereTakesEveryNonzeroConditionAndPassesValuesBitForBit(DType d) {
        try (var scope = new TensorScope(backend())) {
            Tensor cond = t(d, new double[] {1, 0, -0.0, NAN, -2, 0}, 6);
            Tensor a = t(d, new double[] {-0.0, 1, 2, INF, NAN, 5}, 6);
            Tensor b = t(d, new double[] {7, -0.0, -INF, 9, 10, NAN}, 6);
            double[] r = cond.where(a, b).toDoubleArray();
            assertThat(Double.doubleToRawLongBits(r[0]))
                    .isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(Double.doubleToRawLongBits(r[1]))
                    .isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(r[2]).isEqualTo(-INF);
            assertThat(r[3]).isEqualTo(INF); // NaN != 0, so a
            assertThat(r[4]).isNaN();
            assertThat(r[5]).isNaN();
        }
    }
}
