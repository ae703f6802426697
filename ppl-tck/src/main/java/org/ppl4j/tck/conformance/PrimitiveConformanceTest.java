package org.ppl4j.tck.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Backend;
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
import org.ppl4j.spi.UnaryOp;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.BackendsUnderTest;
import org.ppl4j.testkit.ReferenceBackend;

/**
 * Layer 1: every primitive of every family gives the reference's values on the backend under test,
 * in float32 and (where declared) float64, on special values, awkward shapes and seeded random
 * cases. See {@link Agreement} for the tolerances.
 */
@Tag(Layer.PRIMITIVES)
class PrimitiveConformanceTest {
    private static final ReferenceBackend ORACLE = new ReferenceBackend();

    static Stream<Arguments> primitivesAndDtypes() {
        return BackendsUnderTest.crossedWith(PrimitiveCases.all(), DType.floating());
    }

    static Stream<Arguments> dtypes() {
        return BackendsUnderTest.crossedWith(DType.floating());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("primitivesAndDtypes")
    void primitiveMatchesReference(Backend backend, Primitive p, DType dt) {
        Capabilities.assumeDtype(backend, dt);
        List<OpCase> cases =
                PrimitiveCases.of(p, dt, Capabilities.dtypes(backend), Samples.forCase(p, dt));
        Agreement agreement = Agreement.of(ORACLE, backend, cases);
        assertThat(agreement.cases()).isGreaterThan(0);
        agreement.assertAllAgree();
    }

    /**
     * The same cases with inputs that are transposes or slices (strided views on many backends).
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("primitivesAndDtypes")
    void primitiveOnTransposedAndSlicedInputsMatchesReference(
            Backend backend, Primitive p, DType dt) {
        Capabilities.assumeDtype(backend, dt);
        List<OpCase> cases =
                PrimitiveCases.of(
                        p, dt, Capabilities.dtypes(backend), Samples.forCase(p, dt, "views"));
        for (InputLayout layout : List.of(InputLayout.TRANSPOSED, InputLayout.SLICED)) {
            Agreement.of(ORACLE, backend, cases, layout).assertAllAgree();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypes")
    void matmulPropagatesNanAndInfinity(Backend backend, DType dt) {
        Capabilities.assumeDtype(backend, dt);
        Agreement.of(ORACLE, backend, PrimitiveCases.matmulSpecials(dt)).assertAllAgree();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypes")
    void hostDataRoundTripsExactly(Backend backend, DType dt) {
        Capabilities.assumeDtype(backend, dt);
        float[] f = {
            0f, -0f, 1.5f, -3.25e-20f, 3e38f, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY
        };
        double[] d = {0.1, -1e-300, 1e300, 1.0 / 3, Double.NEGATIVE_INFINITY, Double.NaN};
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor tf =
                    dt == DType.F32
                            ? Tensor.of(f, f.length)
                            : Tensor.of(toDoubles(f), DType.F64, f.length);
            assertThat(tf.toFloatArray()).containsExactly(f);
            assertThat(tf.toDoubleArray()).containsExactly(toDoubles(f));
            Tensor td = Tensor.of(d, dt, d.length);
            double[] expected = new double[d.length];
            for (int i = 0; i < d.length; i++) {
                expected[i] = dt.round(d[i]);
            }
            assertThat(td.toDoubleArray()).containsExactly(expected);
        }
    }

    /** A new family of primitives must be added to PrimitiveCases before the kit passes. */
    @Test
    void everyPrimitiveFamilyHasCases() {
        assertThat(Primitive.class.getPermittedSubclasses())
                .containsExactlyInAnyOrder(
                        UnaryOp.class,
                        BinaryOp.class,
                        CompareOp.class,
                        ReduceOp.class,
                        LayoutOp.class,
                        MatmulOp.class,
                        SelectOp.class,
                        CreationOp.class,
                        FusedOp.class,
                        SpecialOp.class,
                        LinalgOp.class);
        int families =
                UnaryOp.values().length
                        + BinaryOp.values().length
                        + CompareOp.values().length
                        + ReduceOp.values().length
                        + LayoutOp.values().length
                        + SelectOp.values().length
                        + MatmulOp.values().length
                        + CreationOp.values().length
                        + SpecialOp.values().length
                        + LinalgOp.values().length;
        // INDEX_SELECT and INDEX_ADD take an integer index: IndexConformanceTest covers them.
        assertThat(PrimitiveCases.all()).hasSize(families - 2).doesNotHaveDuplicates();
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
