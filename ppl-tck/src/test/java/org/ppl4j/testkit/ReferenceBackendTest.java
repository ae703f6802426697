package org.ppl4j.testkit;

import static java.lang.Double.NaN;
import static java.lang.Double.POSITIVE_INFINITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * The oracle checked against values worked out by hand, since the conformance suites can only
 * compare other backends with it.
 */
class ReferenceBackendTest {
    private final ReferenceBackend backend = new ReferenceBackend();
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = new TensorScope(backend);
    }

    @AfterEach
    void close() {
        scope.close();
        assertThat(backend.liveHandles()).isZero();
    }

    private static Tensor f64(double[] v, int... shape) {
        return Tensor.of(v, DType.F64, shape);
    }

    @Test
    void addBroadcastsLikeNumPy() {
        Tensor a = f64(new double[] {1, 2, 3}, 3, 1);
        Tensor b = f64(new double[] {10, 20, 30, 40}, 4);
        Tensor c = a.add(b);
        assertThat(c.shape()).isEqualTo(Shape.of(3, 4));
        assertThat(c.toDoubleArray())
                .containsExactly(11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43);
    }

    @Test
    void float32ResultsAreRoundedAfterEveryPrimitive() {
        Tensor third = Tensor.of(new double[] {1}, DType.F32, 1).div(3.0);
        assertThat(third.toDoubleArray()[0]).isEqualTo((double) (1f / 3f));
        Tensor big = Tensor.of(new double[] {1e30}, DType.F32, 1);
        assertThat(big.mul(big).toDoubleArray()[0]).isEqualTo(POSITIVE_INFINITY);
        assertThat(f64(new double[] {1e30}, 1).mul(1e30).toDoubleArray()[0]).isEqualTo(1e30 * 1e30);
    }

    @Test
    void unaryEdgeCases() {
        Tensor x = f64(new double[] {0, -0.0, -2, NaN}, 4);
        assertThat(x.sign().toDoubleArray()).containsExactly(0, -0.0, -1, NaN);
        assertThat(x.log().toDoubleArray())
                .containsExactly(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, NaN, NaN);
        assertThat(f64(new double[] {-1e30, 0, 1e30}, 3).sigmoid().toDoubleArray())
                .containsExactly(0, 0.5, 1);
        assertThat(f64(new double[] {1e-20}, 1).expm1().toDoubleArray()[0]).isEqualTo(1e-20);
        assertThat(f64(new double[] {-2.5, 2.5}, 2).floor().toDoubleArray()).containsExactly(-3, 2);
    }

    @Test
    void powFollowsC99AtItsEdges() {
        Tensor x = f64(new double[] {1, -1, -2, -2, 0, NaN}, 6);
        Tensor y = f64(new double[] {NaN, POSITIVE_INFINITY, 3, 0.5, -1, 0}, 6);
        assertThat(x.pow(y).toDoubleArray()).containsExactly(1, 1, -8, NaN, POSITIVE_INFINITY, 1);
    }

    @Test
    void maximumAndReductionsPropagateNaN() {
        Tensor x = f64(new double[] {1, NaN, 3, 4}, 2, 2);
        assertThat(x.maximum(2.0).toDoubleArray()).containsExactly(2, NaN, 3, 4);
        assertThat(x.minimum(2.0).toDoubleArray()).containsExactly(1, NaN, 2, 2);
        assertThat(x.max(new int[] {1}, false).toDoubleArray()).containsExactly(NaN, 4);
        assertThat(x.min(new int[] {0}, true).toDoubleArray()).containsExactly(1, NaN);
        assertThat(x.sum(new int[] {1}, false).toDoubleArray()).containsExactly(NaN, 7);
    }

    @Test
    void comparisonsGiveOnesAndZerosAndNaNIsUnequal() {
        Tensor a = f64(new double[] {1, NaN, 2}, 3);
        Tensor b = f64(new double[] {1, NaN, 3}, 3);
        assertThat(a.eq(b).toDoubleArray()).containsExactly(1, 0, 0);
        assertThat(a.ne(b).toDoubleArray()).containsExactly(0, 1, 1);
        assertThat(a.le(b).toDoubleArray()).containsExactly(1, 0, 1);
        assertThat(a.gt(b).dtype()).isEqualTo(DType.F64);
    }

    @Test
    void whereTakesTheFirstBranchWhereTheConditionIsNonZero() {
        Tensor cond = f64(new double[] {0, 2, NaN, -0.0}, 4);
        Tensor a = f64(new double[] {NaN, 1, 2, 3}, 4);
        Tensor b = f64(new double[] {9}, 1);
        assertThat(cond.where(a, b).toDoubleArray()).containsExactly(9, 1, 2, 9);
    }

    @Test
    void reducesOverAxesWithAndWithoutKeepDims() {
        Tensor x = f64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(x.sum(new int[] {0}, false).toDoubleArray()).containsExactly(5, 7, 9);
        Tensor kept = x.sum(new int[] {1}, true);
        assertThat(kept.shape()).isEqualTo(Shape.of(2, 1));
        assertThat(kept.toDoubleArray()).containsExactly(6, 15);
        assertThat(x.max().item()).isEqualTo(6);
        assertThat(Tensor.zeros(DType.F64, 0, 3).sum(new int[] {0}, false).toDoubleArray())
                .containsExactly(0, 0, 0);
    }

    @Test
    void matmulHonoursTransposeFlagsAndBatches() {
        Tensor a = f64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3); // [[1,2,3],[4,5,6]]
        Tensor b = f64(new double[] {1, 0, 0, 1, 1, 1}, 3, 2); // [[1,0],[0,1],[1,1]]
        assertThat(a.matmul(b).toDoubleArray()).containsExactly(4, 5, 10, 11);
        assertThat(a.matmul(a, false, true).toDoubleArray()).containsExactly(14, 32, 32, 77);
        assertThat(a.matmul(a, true, false).toDoubleArray())
                .containsExactly(17, 22, 27, 22, 29, 36, 27, 36, 45);
        assertThat(b.matmul(a, true, true).toDoubleArray()).containsExactly(4, 10, 5, 11);
        Tensor batch = f64(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        Tensor eye = f64(new double[] {1, 0, 0, 1, 0, 1, 1, 0}, 2, 2, 2);
        assertThat(batch.matmul(eye).toDoubleArray()).containsExactly(1, 2, 3, 4, 6, 5, 8, 7);
        assertThat(
                        Tensor.zeros(DType.F64, 2, 0)
                                .matmul(Tensor.zeros(DType.F64, 0, 3))
                                .toDoubleArray())
                .containsExactly(0, 0, 0, 0, 0, 0);
    }

    @Test
    void layoutOps() {
        Tensor x = f64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(x.transpose().toDoubleArray()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(x.slice(new int[] {0, 1}, new int[] {2, 3}).toDoubleArray())
                .containsExactly(2, 3, 5, 6);
        assertThat(
                        f64(new double[] {1, 2}, 1, 2)
                                .pad(new int[] {1, 0}, new int[] {0, 1})
                                .toDoubleArray())
                .containsExactly(0, 0, 0, 1, 2, 0);
        assertThat(Tensor.concat(1, x, f64(new double[] {7, 8}, 2, 1)).toDoubleArray())
                .containsExactly(1, 2, 3, 7, 4, 5, 6, 8);
        assertThat(x.gather(1, new int[] {2, 0, 2}).toDoubleArray())
                .containsExactly(3, 1, 3, 6, 4, 6);
        assertThat(x.scatterAdd(1, new int[] {1, 1, 0}, 2).toDoubleArray())
                .containsExactly(3, 3, 6, 9);
        assertThat(f64(new double[] {1, 2}, 2, 1).broadcastTo(Shape.of(3, 2, 2)).toDoubleArray())
                .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2);
        assertThat(x.permute(1, 0).reshape(6).toDoubleArray()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void castRoundsToFloat32() {
        Tensor x = f64(new double[] {0.1, 1e300, 1e-50}, 3);
        Tensor y = x.cast(DType.F32);
        assertThat(y.dtype()).isEqualTo(DType.F32);
        assertThat(y.toDoubleArray()).containsExactly((double) 0.1f, POSITIVE_INFINITY, 0);
    }

    @Test
    void fusedOpsRunAsTheirComposition() {
        assertThat(backend.supports(FusedOp.SOFTPLUS)).isFalse();
        Tensor x = f64(new double[] {0, 30}, 2);
        assertThat(x.softplus().toDoubleArray()[0]).isCloseTo(Math.log(2), within(1e-15));
        assertThat(x.softplus().toDoubleArray()[1]).isEqualTo(30);
        Tensor bce = Functions.binaryCrossEntropyWithLogits(x, f64(new double[] {1}, 1));
        assertThat(bce.toDoubleArray()[0]).isCloseTo(Math.log(2), within(1e-15));
        assertThatThrownBy(
                        () ->
                                backend.execute(
                                        FusedOp.SOFTPLUS,
                                        Attr.NONE,
                                        new Handle[0],
                                        new TensorType[0],
                                        null))
                .hasMessageContaining("runs no fused kernels");
    }

    @Test
    void handlesAreCountedCheckedAndReleasedOnce() {
        long before = backend.liveHandles();
        Tensor t = Tensor.full(Shape.of(2), 1.5, DType.F64);
        assertThat(backend.liveHandles()).isEqualTo(before + 1);
        assertThat(t.toDoubleArray()).containsExactly(1.5, 1.5);
        var h = t.handle();
        t.close();
        assertThat(backend.liveHandles()).isEqualTo(before);
        assertThatThrownBy(() -> backend.release(h)).hasMessageContaining("released twice");
        assertThatThrownBy(() -> Dispatch.apply(UnaryOp.NEG, Attr.NONE, t))
                .hasMessageContaining("released");
        Tensor u = Tensor.ones(DType.F64, 2);
        assertThatThrownBy(() -> new ReferenceBackend().toDoubles(u.handle(), u.type()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not made by this reference backend");
    }
}
