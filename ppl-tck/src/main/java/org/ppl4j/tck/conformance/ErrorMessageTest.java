package org.ppl4j.tck.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.ShapeException;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Backends;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.BackendsUnderTest;
import org.ppl4j.testkit.ReferenceBackend;

/** Mistakes are refused before any kernel runs, with messages that name the op and the values. */
@Tag(Layer.SCOPES)
class ErrorMessageTest {
    static Stream<Arguments> backends() {
        return BackendsUnderTest.arguments();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void shapeMismatchNamesTheOpAndBothShapes(Backend backend) {
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor a = Tensor.zeros(DType.F32, 2, 3);
            Tensor b = Tensor.zeros(DType.F32, 4, 5);
            assertThatThrownBy(() -> a.add(b))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("add")
                    .hasMessageContaining("[2, 3]")
                    .hasMessageContaining("[4, 5]")
                    .hasMessageContaining("do not broadcast");
            assertThatThrownBy(() -> a.matmul(b))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("matmul")
                    .hasMessageContaining("[2, 3]")
                    .hasMessageContaining("[4, 5]")
                    .hasMessageContaining("inner sizes 3 and 4 differ");
            assertThatThrownBy(() -> a.reshape(4, 2))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("reshape")
                    .hasMessageContaining("[2, 3]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void dtypeMismatchNamesBothTypes(Backend backend) {
        Capabilities.assumeDtype(backend, DType.F64);
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor a = Tensor.zeros(DType.F32, 2);
            Tensor b = Tensor.zeros(DType.F64, 2);
            assertThatThrownBy(() -> a.mul(b))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("mul: dtype mismatch")
                    .hasMessageContaining("float32[2]")
                    .hasMessageContaining("float64[2]")
                    .hasMessageContaining(".cast(DType.");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void tensorsOfTwoBackendsAreNotMixed(Backend backend) {
        Backend other = new ReferenceBackend(); // a second instance is a different backend
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor a = Tensor.zeros(DType.F32, 2);
            try (TensorScope foreign = new TensorScope(other)) {
                Tensor b = Tensor.zeros(DType.F32, 2);
                assertThatThrownBy(() -> a.add(b))
                        .isInstanceOf(PplException.class)
                        .hasMessageContaining("add")
                        .hasMessageContaining("'" + backend.name() + "'")
                        .hasMessageContaining("'reference'")
                        .hasMessageContaining("tensors of two backends cannot be mixed");
            }
        }
    }

    /** Every backend refuses a matrix that is not positive definite eagerly, in the same words. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void choleskyOfAnIndefiniteMatrixNamesTheOpAndTheFix(Backend backend) {
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor indefinite = Tensor.of(new float[] {1, 2, 2, 1}, 2, 2);
            assertThatThrownBy(indefinite::cholesky)
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("backend '" + backend.name() + "' failed in CHOLESKY")
                    .hasMessageContaining("float32[2, 2] is not positive definite")
                    .hasMessageContaining("only the lower triangle is read")
                    .hasMessageContaining("add a small multiple of the identity");
            Tensor nan = Tensor.of(new float[] {4, 0, 1, Float.NaN, 2, 0, 0, 0, 1}, 3, 3);
            assertThatThrownBy(nan::cholesky).hasMessageContaining("not positive definite");
            Tensor batch = Tensor.of(new float[] {4, 0, 0, 4, 1, 0, 0, -1, 1, 0, 0, 1}, 3, 2, 2);
            assertThatThrownBy(batch::cholesky)
                    .hasMessageContaining("float32[3, 2, 2] is not positive definite");
        }
    }

    @Test
    void theReferenceSaysWhichMatrixOfABatchIsNotPositiveDefinite() {
        try (TensorScope scope = new TensorScope(new ReferenceBackend())) {
            Tensor batch = Tensor.of(new float[] {4, 0, 0, 4, 1, 0, 0, -1, 1, 0, 0, 1}, 3, 2, 2);
            assertThatThrownBy(batch::cholesky)
                    .hasMessageContaining("matrix 1 (row-major over the batch) of float32[3, 2, 2]")
                    .hasMessageContaining("pivot 1 is -1.0");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void linearAlgebraShapeMistakesNameTheOpAndTheShapes(Backend backend) {
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor a = Tensor.zeros(DType.F32, 2, 3);
            assertThatThrownBy(a::cholesky)
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("cholesky: input of shape [2, 3] must be");
            Tensor l = Tensor.zeros(DType.F32, 3, 3);
            Tensor b = Tensor.zeros(DType.F32, 3);
            assertThatThrownBy(() -> l.triangularSolve(b, true, false))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("A of shape [3, 3]")
                    .hasMessageContaining("B of shape [3]")
                    .hasMessageContaining("b.unsqueeze(-1)");
            Tensor batched = Tensor.zeros(DType.F32, 2, 3, 3);
            Tensor other = Tensor.zeros(DType.F32, 4, 3, 1);
            assertThatThrownBy(() -> batched.triangularSolve(other, true, false))
                    .isInstanceOf(ShapeException.class)
                    .hasMessageContaining("triangularSolve: shapes [2] and [4] do not broadcast");
        }
    }

    @Test
    void unknownBackendNameListsTheAvailableOnes() {
        assertThatThrownBy(() -> Backends.get("nope"))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("no backend named 'nope'")
                .hasMessageContaining("reference")
                .hasMessageContaining(Backends.availableNames().toString())
                .hasMessageContaining("-Dppl.backend");
    }

    @Test
    void creatingATensorWithoutAnOpenScopeNamesTensorScope() {
        assertThatThrownBy(() -> Tensor.of(new float[] {1}, 1))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("no TensorScope is open")
                .hasMessageContaining("try (var scope = new TensorScope())");
    }
}
