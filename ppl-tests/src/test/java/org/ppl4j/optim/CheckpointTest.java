package org.ppl4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.nn.Linear;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/** Training resumed from a checkpoint continues exactly as if it had never stopped. */
class CheckpointTest {
    private final Backend backend = Backends.get("reference");
    private Rng saved;

    @TempDir Path dir;

    @BeforeEach
    void seed() {
        saved = PplContext.current().rng();
    }

    @AfterEach
    void restore() {
        PplContext.current().rng(saved);
    }

    private static final double[] X = {1, 2, 0.5, -1, 0, 2, 0.3, 0.3, 0.3, 2, -2, 1};
    private static final double[] Y = {1, -1, 0.5, 2};

    /** One step of noisy least squares with a float32 Linear(3, 1), noise from the context rng. */
    private void trainStep(ParamStore store, Optimizer opt, Linear fc) {
        try (var s = new TensorScope(backend)) {
            fc.bind(store, "fc");
            Tensor noise = PplContext.current().rng().normal(Shape.of(4), DType.F32);
            Tensor x = Tensor.of(X, DType.F32, 4, 3);
            Tensor y = Tensor.of(Y, DType.F32, 4).add(noise.mul(0.1));
            Tensor loss = fc.forward(x).reshape(4).sub(y).square().sum();
            List<String> names = List.copyOf(store.names());
            List<Tensor> grads =
                    Autodiff.grad(loss, names.stream().map(store::unconstrained).toList(), false);
            Map<String, Tensor> byName = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), grads.get(i));
            }
            opt.step(store, byName);
        }
    }

    private record Run(Map<String, HostArray> params, SafeTensors optim, long[] rng) {}

    private Run train(
            Function<ParamStore, Optimizer> make, int steps, Path checkpointAfter, int split) {
        PplContext ctx = PplContext.current();
        ctx.rng(new Rng(11));
        Linear fc = new Linear(3, 1);
        try (var store = new ParamStore();
                var opt = make.apply(store)) {
            LrScheduler schedule = new ExponentialLR(opt, 0.9);
            for (int t = 1; t <= split; t++) {
                trainStep(store, opt, fc);
                if (t % 2 == 0) {
                    schedule.step();
                }
            }
            if (checkpointAfter == null) {
                for (int t = split + 1; t <= steps; t++) {
                    trainStep(store, opt, fc);
                    if (t % 2 == 0) {
                        schedule.step();
                    }
                }
                return new Run(store.state().arrays(), opt.state(), ctx.rng().state());
            }
            Checkpoint.save(
                    checkpointAfter,
                    store,
                    opt,
                    Map.of(
                            "step",
                            Integer.toString(split),
                            "rng",
                            Checkpoint.encodeLongs(ctx.rng().state())));
        }
        // A fresh process: new store, optimizer, scheduler and random stream.
        ctx.rng(new Rng(999));
        try (var store = new ParamStore();
                var opt = make.apply(store)) {
            Map<String, String> extra;
            try (var s = new TensorScope(backend)) {
                // Loaded params live on the backend of the scope that loads them.
                extra = Checkpoint.load(checkpointAfter, store, opt);
            }
            ctx.rng(Rng.restore(Checkpoint.decodeLongs(extra.get("rng"))));
            LrScheduler schedule = new ExponentialLR(opt, 0.9);
            for (int t = Integer.parseInt(extra.get("step")) + 1; t <= steps; t++) {
                trainStep(store, opt, fc);
                if (t % 2 == 0) {
                    schedule.step();
                }
            }
            return new Run(store.state().arrays(), opt.state(), ctx.rng().state());
        }
    }

    private Run assertResumesIdentically(Function<ParamStore, Optimizer> make) {
        Run straight = train(make, 7, null, 3);
        Run resumed = train(make, 7, dir.resolve("ckpt.safetensors"), 3);
        assertThat(resumed.params()).isEqualTo(straight.params());
        assertThat(resumed.optim().arrays()).isEqualTo(straight.optim().arrays());
        assertThat(resumed.optim().metadata()).isEqualTo(straight.optim().metadata());
        assertThat(resumed.rng()).containsExactly(straight.rng());
        assertThat(straight.optim().metadata()).containsEntry("fc.weight/step", "7");
        return straight;
    }

    @Test
    void adamResumesBitIdentically() {
        Run straight = assertResumesIdentically(s -> new Adam(0.05));
        // Scheduled at steps 2, 4 and 6, so the learning rate in the state matters.
        assertThat(straight.optim().metadata())
                .containsEntry("fc.bias/lr", Double.toString(0.05 * 0.9 * 0.9 * 0.9));
    }

    @Test
    void clippedAdamAndSgdWithMomentumResumeBitIdentically() {
        assertResumesIdentically(s -> new ClippedAdam(0.05, 0.9, 0.999, 1e-8, 0, 0.5, 0.99));
        assertResumesIdentically(s -> new Sgd(0.01, 0.9, 0, 0, true));
    }

    @Test
    void loadingAnotherOptimizersStateSaysWhichWroteIt() {
        Path f = dir.resolve("ckpt.safetensors");
        try (var fix = new OptimizerFixture(new double[] {1, 2}, false);
                var adam = new Adam(0.1)) {
            fix.step(adam, new double[] {1, 1}, false);
            Checkpoint.save(f, fix.store, adam, Map.of());
        }
        try (var store = new ParamStore();
                var sgd = new Sgd(0.1, 0.9, 0, 0, false)) {
            assertThatThrownBy(() -> Checkpoint.load(f, store, sgd))
                    .hasMessageContaining("cannot load Sgd(lr=0.1, momentum=0.9")
                    .hasMessageContaining("it was written by Adam, not Sgd");
            assertThat(store.names()).isEmpty();
        }
    }

    @Test
    void slotsThatDoNotFitTheOptimizerAreListed() {
        try (var fix = new OptimizerFixture(new double[] {1, 2}, false);
                var momentum = new Sgd(0.1, 0.9, 0, 0, false);
                var plain = new Sgd(0.1)) {
            fix.step(momentum, new double[] {1, 1}, false);
            assertThatThrownBy(() -> plain.setState(momentum.state()))
                    .hasMessageContaining(
                            "its slots do not match Sgd(lr=0.1, momentum=0.0, dampening=0.0,"
                                    + " weight_decay=0.0, nesterov=false), which keeps [] per"
                                    + " param: missing [], unexpected [w/momentum_buffer]");
        }
    }

    @Test
    void aCheckpointWithNonFiniteValuesFailsNamingTheTensorsAndChangesNothing() {
        Path f = dir.resolve("nan.safetensors");
        try (var fix = new OptimizerFixture(new double[] {1, 2}, false);
                var adam = new Adam(0.1)) {
            fix.step(adam, new double[] {1, Double.NaN}, false);
            Checkpoint.save(f, fix.store, adam, Map.of());
        }
        try (var store = new ParamStore();
                var adam = new Adam(0.1)) {
            assertThatThrownBy(() -> Checkpoint.load(f, store, adam))
                    .hasMessageContaining("optimizer slot 'w/")
                    .hasMessageContaining("holds NaN at index 1 of [2]");
            assertThat(store.names()).isEmpty();
        }
    }

    @Test
    void aParamsOnlyFileIsNotACheckpoint() {
        Path f = dir.resolve("params.safetensors");
        try (var fix = new OptimizerFixture(new double[] {1}, false)) {
            fix.store.save(f);
            assertThatThrownBy(() -> Checkpoint.load(f, fix.store, null))
                    .hasMessageContaining("safetensors file " + f + " is not a ppl4j checkpoint")
                    .hasMessageContaining("use ParamStore.load");
        }
    }

    @Test
    void longsRoundTripThroughMetadata() {
        long[] v = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
        assertThat(Checkpoint.decodeLongs(Checkpoint.encodeLongs(v))).containsExactly(v);
        assertThatThrownBy(() -> Checkpoint.decodeLongs("1,x"))
                .hasMessageContaining("'1,x' is not a comma-separated list of longs");
    }
}
