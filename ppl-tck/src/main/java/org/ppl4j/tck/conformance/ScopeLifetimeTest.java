package org.ppl4j.tck.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Backend;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.BackendsUnderTest;

/** Native memory is owned by scopes: freed when they close, handed out by keep, never leaked. */
@Tag(Layer.SCOPES)
class ScopeLifetimeTest {
    private static final int STEPS = 20_000;

    static Stream<Arguments> backends() {
        return BackendsUnderTest.arguments();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void twentyThousandScopedStepsLeaveNoLiveHandles(Backend backend) {
        long baseline = backend.liveHandles();
        try (TensorScope outer = new TensorScope(backend)) {
            Tensor x = Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f}, 4);
            for (int i = 0; i < STEPS; i++) {
                try (TensorScope step = new TensorScope()) {
                    Tensor y = x.add(x).mul(x).exp();
                    if (i % 5000 == 0) {
                        assertThat(backend.liveHandles()).isGreaterThan(baseline + 1);
                        assertThat(step.ownedCount()).isEqualTo(3);
                        assertThat(y.toFloatArray()[0])
                                .isCloseTo((float) Math.exp(0.02), within(1e-6f));
                    }
                }
                assertThat(x.isAlive()).isTrue();
            }
            assertThat(backend.liveHandles()).isEqualTo(baseline + 1);
        }
        assertThat(backend.liveHandles()).isEqualTo(baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void keepMovesATensorToTheEnclosingScope(Backend backend) {
        long baseline = backend.liveHandles();
        try (TensorScope outer = new TensorScope(backend)) {
            Tensor kept;
            Tensor dropped;
            try (TensorScope inner = new TensorScope()) {
                Tensor a = Tensor.of(new float[] {1, 2}, 2);
                kept = inner.keep(a.mul(a));
                dropped = a.add(a);
                assertThat(inner.ownedCount()).isEqualTo(2);
                assertThat(outer.ownedCount()).isEqualTo(1);
            }
            assertThat(kept.isAlive()).isTrue();
            assertThat(dropped.isAlive()).isFalse();
            assertThat(kept.toFloatArray()).containsExactly(1, 4);
            assertThat(backend.liveHandles()).isEqualTo(baseline + 1);
        }
        assertThat(backend.liveHandles()).isEqualTo(baseline);
    }

    /** Backends that return views for layout ops must keep the data alive on their own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void layoutResultsOutliveTheTensorTheyWereMadeFrom(Backend backend) {
        long baseline = backend.liveHandles();
        try (TensorScope outer = new TensorScope(backend)) {
            List<Tensor> kept = new ArrayList<>();
            try (TensorScope inner = new TensorScope()) {
                Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
                kept.add(inner.keep(x.reshape(3, 2)));
                kept.add(inner.keep(x.transpose()));
                kept.add(inner.keep(x.slice(new int[] {0, 1}, new int[] {2, 3})));
                kept.add(inner.keep(x.broadcastTo(Shape.of(2, 2, 3))));
                kept.add(inner.keep(x.gather(1, new int[] {2})));
                kept.add(inner.keep(x.reshape(6).reshape(2, 3)));
                x.close();
            }
            assertThat(kept.get(0).toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(kept.get(1).toFloatArray()).containsExactly(1, 4, 2, 5, 3, 6);
            assertThat(kept.get(2).toFloatArray()).containsExactly(2, 3, 5, 6);
            assertThat(kept.get(3).toFloatArray())
                    .containsExactly(1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6);
            assertThat(kept.get(4).toFloatArray()).containsExactly(3, 6);
            assertThat(kept.get(5).toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(backend.liveHandles()).isEqualTo(baseline + kept.size());
        }
        assertThat(backend.liveHandles()).isEqualTo(baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void usingATensorAfterItsScopeClosedNamesItAndSaysReleased(Backend backend) {
        Tensor stale;
        try (TensorScope outer = new TensorScope(backend)) {
            try (TensorScope inner = new TensorScope()) {
                stale = Tensor.of(new float[] {1, 2, 3}, 3);
            }
            Tensor t = stale;
            assertThatThrownBy(() -> t.add(t))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining(t.toString())
                    .hasMessageContaining("released");
            assertThatThrownBy(t::toFloatArray)
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining(t.toString())
                    .hasMessageContaining("released");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void closingATensorEarlyFreesItOnce(Backend backend) {
        long baseline = backend.liveHandles();
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor t = Tensor.of(new float[] {1}, 1);
            assertThat(backend.liveHandles()).isEqualTo(baseline + 1);
            t.close();
            t.close();
            assertThat(backend.liveHandles()).isEqualTo(baseline);
            assertThat(scope.ownedCount()).isZero();
        }
        assertThat(backend.liveHandles()).isEqualTo(baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void closingScopesOutOfOrderIsRefused(Backend backend) {
        long baseline = backend.liveHandles();
        TensorScope outer = new TensorScope(backend);
        TensorScope inner = new TensorScope();
        try {
            Tensor.of(new float[] {1, 2}, 2);
            assertThatThrownBy(outer::close)
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("TensorScope closed out of order")
                    .hasMessageContaining("close the scopes opened inside it first");
        } finally {
            inner.close();
            outer.close();
        }
        assertThat(backend.liveHandles()).isEqualTo(baseline);
    }
}
