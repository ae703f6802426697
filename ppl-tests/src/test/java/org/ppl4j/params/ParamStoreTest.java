package org.ppl4j.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

class ParamStoreTest {
    private final Backend backend = Backends.get("reference");
    private ParamStore store;
    private long handlesBefore;

    @TempDir Path dir;

    @BeforeEach
    void open() {
        handlesBefore = backend.liveHandles();
        store = new ParamStore();
    }

    @AfterEach
    void close() {
        store.close();
        assertThat(backend.liveHandles()).as("handles leaked").isEqualTo(handlesBefore);
    }

    private static Tensor vec(double... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void getInitializesOnceAndKeepsTheValueUnconstrained() {
        AtomicInteger calls = new AtomicInteger();
        try (var s = new TensorScope(backend)) {
            Tensor a =
                    store.get(
                            "scale",
                            () -> {
                                calls.incrementAndGet();
                                return vec(1.0, Math.E);
                            },
                            Constraints.positive());
            Tensor b = store.get("scale", () -> vec(5, 5), Constraints.real());
            assertThat(calls.get()).isEqualTo(1);
            assertThat(a.toDoubleArray()).containsExactly(1.0, Math.E);
            assertThat(b.toDoubleArray()[1]).isCloseTo(Math.E, within(1e-15));
            assertThat(store.unconstrained("scale").toDoubleArray()[1]).isCloseTo(1, within(1e-15));
            assertThat(store.unconstrained("scale").requiresGrad()).isTrue();
            assertThat(store.constraint("scale").name()).isEqualTo("positive");
        }
    }

    @Test
    void paramsOutliveTheScopeTheyWereCreatedInAndCarryGradients() {
        try (var s = new TensorScope(backend)) {
            store.get("w", () -> vec(1, 2, 3));
        }
        try (var s = new TensorScope(backend)) {
            Tensor w = store.get("w", null, null);
            Tensor g = Autodiff.grad(w.mul(w).sum(), store.unconstrained("w"));
            assertThat(g.toDoubleArray()).containsExactly(2, 4, 6);
        }
    }

    @Test
    void theStoreCopiesTheInitValueSoTheCallerKeepsItsOwn() {
        try (var s = new TensorScope(backend)) {
            Tensor init = vec(1, 2);
            store.get("w", () -> init);
            init.close();
            assertThat(store.unconstrained("w").toDoubleArray()).containsExactly(1, 2);
        }
    }

    @Test
    void namesKeepInsertionOrderAndRemoveReleasesMemory() {
        try (var s = new TensorScope(backend)) {
            store.get("b", () -> vec(1));
            store.get("a", () -> vec(2));
            store.get("c", () -> vec(3));
            Tensor a = store.unconstrained("a");
            store.remove("a");
            assertThat(a.isAlive()).isFalse();
            assertThat(store.names()).containsExactly("b", "c");
            assertThat(store.contains("a")).isFalse();
            store.clear();
            assertThat(store.names()).isEmpty();
        }
    }

    @Test
    void replaceUnconstrainedAdoptsTheNewValueAndReleasesTheOld() {
        try (var s = new TensorScope(backend)) {
            store.get("w", () -> vec(1, 2));
            Tensor old = store.unconstrained("w");
            try (var step = new TensorScope(backend)) {
                store.replaceUnconstrained("w", vec(3, 4));
            }
            assertThat(old.isAlive()).isFalse();
            assertThat(store.unconstrained("w").toDoubleArray()).containsExactly(3, 4);
            assertThat(store.unconstrained("w").requiresGrad()).isTrue();
        }
    }

    @Test
    void replaceUnconstrainedRefusesAnotherShapeOrSharedMemory() {
        try (var s = new TensorScope(backend)) {
            store.get("w", () -> vec(1, 2));
            store.get("v", () -> vec(1, 2));
            assertThatThrownBy(() -> store.replaceUnconstrained("w", vec(1, 2, 3)))
                    .hasMessageContaining(
                            "replaceUnconstrained: param 'w' is float64[2] but the new value is"
                                    + " float64[3]");
            assertThatThrownBy(() -> store.replaceUnconstrained("w", store.unconstrained("v")))
                    .hasMessageContaining(
                            "the new value of param 'w' shares memory with a tensor the store"
                                    + " already holds");
            assertThat(store.unconstrained("v").isAlive()).isTrue();
        }
    }

    @Test
    void errorsNameTheParam() {
        assertThatThrownBy(() -> store.unconstrained("loc"))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("no param 'loc' in the store");
        try (var s = new TensorScope(backend)) {
            assertThatThrownBy(() -> store.get("loc", () -> null, Constraints.real()))
                    .hasMessageContaining("param 'loc': the init supplier returned null");
        }
        store.close();
        assertThatThrownBy(() -> store.get("x")).hasMessageContaining("this ParamStore is closed");
    }

    @Test
    void saveThenLoadRestoresValuesAndConstraints() {
        Path f = dir.resolve("params.safetensors");
        try (var s = new TensorScope(backend)) {
            store.get("loc", () -> Tensor.of(new float[] {0.25f, -1f}, 2));
            store.get("scale", () -> vec(0.5, 2), Constraints.positive());
            store.get("p", () -> vec(0.3), Constraints.interval(0, 2));
            store.save(f);
        }
        try (var other = new ParamStore();
                var s = new TensorScope(backend)) {
            other.load(f);
            assertThat(other.names()).containsExactly("loc", "scale", "p");
            assertThat(other.unconstrained("loc").dtype()).isEqualTo(DType.F32);
            assertThat(other.constraint("scale").name()).isEqualTo("positive");
            assertThat(other.constraint("p").name()).isEqualTo("interval(0, 2)");
            for (String n : store.names()) {
                assertThat(other.unconstrained(n).toDoubleArray())
                        .containsExactly(store.unconstrained(n).toDoubleArray());
            }
            assertThat(other.get("p", null, null).toDoubleArray()[0]).isCloseTo(0.3, within(1e-15));
        }
    }

    @Test
    void matrixConstraintsAreRebuiltFromTheirNamesOnLoad() {
        Path f = dir.resolve("matrices.safetensors");
        double[] l = {2, 0, -0.5, 0.25};
        try (var s = new TensorScope(backend)) {
            store.get("scale_tril", () -> Tensor.of(l, 2, 2), Constraints.lowerCholesky());
            store.get(
                    "cov",
                    () -> Tensor.of(new double[] {2, 1, 1, 2}, 2, 2),
                    Constraints.positiveDefinite());
            assertThat(store.unconstrained("scale_tril").toDoubleArray())
                    .containsExactly(Math.log(2), 0, -0.5, Math.log(0.25));
            store.save(f);
        }
        try (var other = new ParamStore();
                var s = new TensorScope(backend)) {
            other.load(f);
            assertThat(other.constraint("scale_tril").name()).isEqualTo("lowerCholesky");
            assertThat(other.constraint("cov").name()).isEqualTo("positiveDefinite");
            double[] back = other.get("scale_tril", null, null).toDoubleArray();
            for (int i = 0; i < l.length; i++) {
                assertThat(back[i]).isCloseTo(l[i], within(1e-15));
            }
        }
    }

    @Test
    void anInitOutsideAMatrixConstraintNamesTheParam() {
        try (var s = new TensorScope(backend)) {
            assertThatThrownBy(
                            () ->
                                    store.get(
                                            "scale_tril",
                                            () -> Tensor.of(new double[] {1, 1, 0, 1}, 2, 2),
                                            Constraints.lowerCholesky()))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("param 'scale_tril'")
                    .hasMessageContaining("outside its constraint lowerCholesky");
        }
    }

    @Test
    void loadIntoAFilledStoreReportsEveryDifferenceAndChangesNothing() {
        Path f = dir.resolve("params.safetensors");
        try (var s = new TensorScope(backend)) {
            store.get("a", () -> vec(1, 2));
            store.get("b", () -> vec(1));
            store.get("c", () -> vec(1), Constraints.positive());
            store.save(f);
        }
        try (var other = new ParamStore();
                var s = new TensorScope(backend)) {
            other.get("a", () -> vec(1, 2, 3));
            other.get("b", () -> Tensor.of(new float[] {1}, 1));
            other.get("c", () -> vec(1));
            other.get("d", () -> vec(9));
            assertThatThrownBy(() -> other.load(f))
                    .hasMessageContaining("cannot load params from safetensors file " + f)
                    .hasMessageContaining(
                            "param 'a' has shape [2] in the file but [3] in the store")
                    .hasMessageContaining(
                            "param 'b' has dtype float64 in the file but float32 in the store")
                    .hasMessageContaining(
                            "param 'c' has constraint positive in the file but real in the store")
                    .hasMessageContaining("param 'd' is in the store but not in the file")
                    .hasMessageContaining("clear() the store to load the file's params");
            assertThat(other.unconstrained("d").toDoubleArray()).containsExactly(9);
        }
    }

    @Test
    void loadReportsParamsOnlyInTheFile() {
        Path f = dir.resolve("params.safetensors");
        try (var s = new TensorScope(backend)) {
            store.get("a", () -> vec(1));
            store.get("extra", () -> vec(1));
            store.save(f);
        }
        try (var other = new ParamStore();
                var s = new TensorScope(backend)) {
            other.get("a", () -> vec(1));
            assertThatThrownBy(() -> other.load(f))
                    .hasMessageContaining("param 'extra' is in the file but not in the store");
        }
    }

    @Test
    void aConstraintThatCannotBeRebuiltFromItsNameIsReported() {
        Path f = dir.resolve("params.safetensors");
        try (var s = new TensorScope(backend)) {
            store.get("u", () -> vec(0.5), Constraints.interval(vec(0), vec(1)));
            store.save(f);
        }
        try (var other = new ParamStore();
                var s = new TensorScope(backend)) {
            assertThatThrownBy(() -> other.load(f))
                    .hasMessageContaining(
                            "param 'u' has constraint 'interval(low, high)', which cannot be"
                                    + " rebuilt from its name");
            assertThat(other.names()).isEmpty();
        }
    }

    @Test
    void anInitOutsideItsConstraintFailsNamingTheParamAndTheConstraint() {
        try (var s = new TensorScope(backend)) {
            assertThatThrownBy(
                            () -> store.get("scale", () -> vec(2.0, -1.0), Constraints.positive()))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining(
                            "param 'scale': its initial value at index 1 of [2] is -1.0")
                    .hasMessageContaining("outside its constraint positive");
            assertThatThrownBy(() -> store.get("p", () -> vec(2.0), Constraints.unitInterval()))
                    .hasMessageContaining("param 'p': its initial value is 2.0")
                    .hasMessageContaining(
                            "outside its constraint " + Constraints.unitInterval().name());
            assertThatThrownBy(() -> store.get("loc", () -> vec(Double.NaN)))
                    .hasMessageContaining("param 'loc': its initial value is NaN")
                    .hasMessageContaining("NaN is inside no constraint");
            assertThat(store.names()).isEmpty();
            assertThat(store.get("ok", () -> vec(0.5), Constraints.unitInterval()).item())
                    .isCloseTo(0.5, within(1e-12));
        }
    }

    @Test
    void loadingANonFiniteValueFailsNamingTheTensorAndChangesNothing() {
        Path f = dir.resolve("nan.safetensors");
        new SafeTensors(
                        java.util.Map.of(
                                "w", HostArray.ofDoubles(new double[] {1, Double.NaN, 3}, 3)),
                        java.util.Map.of())
                .write(f);
        assertThatThrownBy(() -> store.load(f))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("param 'w' holds NaN at index 1 of [3]")
                .hasMessageContaining("use an earlier one");
        assertThat(store.names()).isEmpty();
    }
}
