package org.ppl4j.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.PplException;
import org.ppl4j.optim.Checkpoint;
import org.ppl4j.params.ParamStore;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.BackendsUnderTest;
import org.ppl4j.vae.model.SviVaeSession;

/**
 * The app's VAE session checkpoints: resuming gives exactly the uninterrupted run on the same
 * backend, a checkpoint written on one backend loads on another, and a checkpoint of another model
 * size is refused with the setting named.
 */
class VaeCheckpointTest {
    private static final int N = 96;
    private static final int BATCH = 32;

    @TempDir Path tmp;

    private static float[] images() {
        Random r = new Random(7);
        float[] x = new float[N * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(256) / 255f;
        }
        return x;
    }

    private static VaeSettings settings(String backend, int zDim) {
        return new VaeSettings(backend, zDim, 16, 1e-3, 3, BATCH, 0);
    }

    /** One epoch of shuffled steps; returns the step losses. */
    private static List<Double> epoch(SviVaeSession s, float[] x) {
        int[] order = s.permutation(N);
        List<Double> losses = new ArrayList<>();
        for (int from = 0; from < N; from += BATCH) {
            float[] batch = new float[BATCH * 784];
            for (int i = 0; i < BATCH; i++) {
                System.arraycopy(x, order[from + i] * 784, batch, i * 784, 784);
            }
            losses.add(s.trainStep(batch, BATCH));
        }
        return losses;
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void resumingFromACheckpointEqualsTheUninterruptedRun(Backend backend) throws Exception {
        float[] x = images();
        List<Double> straight;
        try (var s = new SviVaeSession(backend, settings(backend.name(), 4))) {
            epoch(s, x);
            straight = epoch(s, x);
        }
        Path ckpt = Files.createFile(tmp.resolve("ckpt.safetensors"));
        try (var s = new SviVaeSession(backend, settings(backend.name(), 4))) {
            epoch(s, x);
            s.saveCheckpoint(ckpt, 0);
        }
        try (var s = new SviVaeSession(backend, settings(backend.name(), 4))) {
            assertThat(s.loadCheckpoint(ckpt)).isZero();
            assertThat(epoch(s, x)).containsExactlyElementsOf(straight);
        }
    }

    /**
     * A compiled run resumed eagerly, and an eager one resumed compiled, continue the run: the step
     * losses after the checkpoint equal the uninterrupted run's to float32 tolerance (1e-4
     * relative; compiled and eager kernels may round differently).
     */
    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void compiledAndEagerRunsResumeEachOther(Backend backend) throws Exception {
        float[] x = images();
        for (boolean firstJit : new boolean[] {true, false}) {
            VaeSettings first = settings(backend.name(), 4).withJit(firstJit);
            VaeSettings second = settings(backend.name(), 4).withJit(!firstJit);
            List<Double> straight;
            try (var s = new SviVaeSession(backend, first)) {
                epoch(s, x);
                straight = epoch(s, x);
                assertThat(s.isCompiled()).isEqualTo(firstJit);
            }
            Path ckpt = Files.createTempFile(tmp, "ckpt", ".safetensors");
            try (var s = new SviVaeSession(backend, first)) {
                epoch(s, x);
                s.saveCheckpoint(ckpt, 0);
            }
            try (var s = new SviVaeSession(backend, second)) {
                s.loadCheckpoint(ckpt);
                List<Double> resumed = epoch(s, x);
                for (int i = 0; i < straight.size(); i++) {
                    assertThat(resumed.get(i))
                            .as(
                                    "step %d of a %s run resumed %s",
                                    i, mode(firstJit), mode(!firstJit))
                            .isCloseTo(
                                    straight.get(i),
                                    org.assertj.core.api.Assertions.within(
                                            1e-4 * Math.abs(straight.get(i))));
                }
            }
        }
    }

    private static String mode(boolean jit) {
        return jit ? "compiled" : "eager";
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aCheckpointFromAnotherBackendLoadsAndEvaluatesAlike(Backend backend) throws Exception {
        List<String> others =
                BackendsUnderTest.names().stream().filter(n -> !n.equals(backend.name())).toList();
        assumeThat(others)
                .as("only %s is under test; no other backend to load into", backend)
                .isNotEmpty();
        float[] x = images();
        Path ckpt = Files.createFile(tmp.resolve("ckpt.safetensors"));
        float[] mine;
        try (var s = new SviVaeSession(backend, settings(backend.name(), 4))) {
            epoch(s, x);
            s.saveCheckpoint(ckpt, 0);
            mine = s.encodeMeans(x, N);
        }
        for (String other : others) {
            try (var s = new SviVaeSession(Backends.get(other), settings(other, 4))) {
                s.loadCheckpoint(ckpt);
                float[] theirs = s.encodeMeans(x, N);
                for (int i = 0; i < mine.length; i++) {
                    assertThat((double) theirs[i])
                            .as("encoder mean %d on %s vs %s", i, other, backend.name())
                            .isCloseTo(mine[i], org.assertj.core.api.Assertions.within(1e-4));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aCheckpointOfAnotherLatentSizeIsRefusedNamingTheSetting(Backend backend) throws Exception {
        Path ckpt = Files.createFile(tmp.resolve("ckpt.safetensors"));
        try (var s = new SviVaeSession(backend, settings(backend.name(), 4))) {
            epoch(s, images());
            s.saveCheckpoint(ckpt, 0);
        }
        try (var s = new SviVaeSession(backend, settings(backend.name(), 5))) {
            assertThatThrownBy(() -> s.loadCheckpoint(ckpt))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("zDim = 4")
                    .hasMessageContaining("--z-dim 4");
        }
    }

    @org.junit.jupiter.api.Test
    void aCheckpointMissingAKeyOrWithABadNumberNamesTheFileAndTheKey() {
        Backend reference = Backends.get("reference");
        Path noRng = tmp.resolve("no-rng.safetensors");
        Path badZ = tmp.resolve("bad-z.safetensors");
        try (var store = new ParamStore();
                var scope = new TensorScope(reference)) {
            Checkpoint.save(noRng, store, null, Map.of("zDim", "4", "hidden", "16", "epoch", "0"));
            Checkpoint.save(badZ, store, null, Map.of("zDim", "four", "hidden", "16"));
        }
        try (var s = new SviVaeSession(reference, settings("reference", 4))) {
            assertThatThrownBy(() -> s.loadCheckpoint(noRng))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining(noRng.toString())
                    .hasMessageContaining("extra/rng");
            assertThatThrownBy(() -> s.loadCheckpoint(badZ))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining(badZ.toString())
                    .hasMessageContaining("extra/zDim is 'four', not an integer");
        }
    }
}
