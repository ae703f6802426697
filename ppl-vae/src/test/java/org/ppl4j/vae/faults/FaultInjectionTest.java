package org.ppl4j.vae.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.vae.RunFiles;
import org.ppl4j.vae.idx.IdxArray;
import org.ppl4j.vae.idx.IdxReader;
import org.ppl4j.vae.idx.IdxWriter;
import org.ppl4j.vae.mnist.MnistFile;
import org.ppl4j.vae.output.Checkpoints;
import org.ppl4j.vae.output.RunLock;

/**
 * The app as a child process on a slice of MNIST, killed with SIGKILL at seeded random moments
 * (inside checkpoint writes, between a checkpoint and the files derived from it, at random delays),
 * stopped with SIGTERM once and twice, and raced by a second writer: every interrupted run
 * continues with the same command and {@code --resume latest}, and ends with the same bytes as one
 * that was never interrupted. Moments are chosen by events seen in the run directory and the
 * output, never by asserting on time.
 */
class FaultInjectionTest {
    private static final int TRAIN = 512;
    private static final int TEST = 128;
    private static final int EPOCHS = 3;
    private static final int KILLS = 8;
    private static final String CHECKPOINT_TMP = "\\.+vae-epoch-.*\\.tmp";
    private static final String DERIVED_TMP = "\\.+elbo\\.(csv|png)\\..*\\.tmp";

    @TempDir static Path tmp;
    private static Path slice;
    private static Map<String, String> reference;

    @BeforeAll
    static void sliceAndReference() throws IOException {
        String mnist = System.getenv("PPL_MNIST_DIR");
        Assumptions.assumeTrue(
                mnist != null && Files.isDirectory(Path.of(mnist)),
                "PPL_MNIST_DIR is not set to a directory holding MNIST; the fault-injection test"
                        + " needs it");
        slice = Files.createDirectories(tmp.resolve("mnist"));
        for (MnistFile f : MnistFile.values()) {
            Path from = Path.of(mnist).resolve(f.gzName());
            Assumptions.assumeTrue(Files.exists(from), from + " is missing");
            IdxArray a = IdxReader.read(from);
            int n = f.name().startsWith("TRAIN") ? TRAIN : TEST;
            int[] dims = a.dims().clone();
            dims[0] = n;
            int per = a.size() / a.count();
            IdxWriter.write(slice.resolve(f.rawName()), dims, Arrays.copyOf(a.toBytes(), n * per));
        }
        Path ref = tmp.resolve("reference");
        AppProcess p = AppProcess.start(args(ref));
        assertThat(p.waitFor()).as(p.err()).isZero();
        reference = RunFiles.digests(ref);
        assertThat(reference).containsKeys("elbo.csv", "vae-epoch-002.safetensors");
    }

    private static List<String> args(Path out) {
        return List.of(
                "train",
                "--data-dir",
                slice.toString(),
                "--out",
                out.toString(),
                "--epochs",
                Integer.toString(EPOCHS),
                "--batch-size",
                "64",
                "--test-frequency",
                "2",
                "--keep-checkpoints",
                "0",
                "--seed",
                "7",
                "--hidden",
                "200",
                "--z-dim",
                "20",
                "--resume",
                "latest");
    }

    private static void assertSameAsReference(Path out) throws IOException {
        assertThat(RunFiles.digests(out)).isEqualTo(reference);
        assertThat(out.resolve("elbo.png")).exists();
    }

    /** Polls until {@code event} or the process ends; whether the event came first. */
    private static boolean await(AppProcess p, BooleanSupplier event) {
        while (p.alive()) {
            if (event.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return false;
    }

    /** Adds the names of the temporaries matching {@code regex} to {@code seen}; its size. */
    private static int temporaries(Path dir, String regex, Set<String> seen) {
        try (Stream<Path> s = Files.list(dir)) {
            s.map(f -> f.getFileName().toString()).filter(n -> n.matches(regex)).forEach(seen::add);
        } catch (IOException e) {
            // The directory is not there yet.
        }
        return seen.size();
    }

    /** Waits {@code ms} milliseconds of the process's life; whether it was still running. */
    private static boolean pause(AppProcess p, int ms) {
        long until = System.nanoTime() + ms * 1_000_000L;
        return await(p, () -> System.nanoTime() >= until);
    }

    @Test
    void killedAtRandomMomentsEightTimesItResumesToTheSameBytes() throws Exception {
        Path out = tmp.resolve("killed");
        Random r = new Random(20261201);
        int kills = 0;
        int midWrite = 0;
        int staleReported = 0;
        boolean staleLeft = false;
        List<String> log = new ArrayList<>();
        for (int attempt = 0; kills < KILLS && attempt < 3 * KILLS; attempt++) {
            AppProcess p = AppProcess.start(args(out));
            // Each kind of moment in turn, its details drawn from the seeded stream.
            int mode = attempt % 4;
            boolean fired =
                    switch (mode) {
                        case 0 -> {
                            int nth = 1 + r.nextInt(2);
                            Set<String> seen = new HashSet<>();
                            yield await(p, () -> temporaries(out, CHECKPOINT_TMP, seen) >= nth);
                        }
                        case 1 -> await(p, () -> AppProcess.hasFile(out, DERIVED_TMP));
                        case 2 -> {
                            int extraMs = r.nextInt(200);
                            yield await(p, () -> p.out().contains("average training loss"))
                                    && pause(p, extraMs);
                        }
                        default -> pause(p, r.nextInt(3000));
                    };
            if (fired) {
                p.kill();
            }
            int code = p.waitFor();
            if (staleLeft && p.err().contains("temporary file(s) an interrupted run left")) {
                staleReported++;
            }
            if (fired && code != 0) {
                kills++;
                staleLeft = AppProcess.hasFile(out, CHECKPOINT_TMP + "|" + DERIVED_TMP);
                midWrite += mode == 0 && AppProcess.hasFile(out, CHECKPOINT_TMP) ? 1 : 0;
            } else {
                assertThat(code)
                        .as("run %d (mode %d) stderr:\n%s", attempt, mode, p.err())
                        .isZero();
                staleLeft = false;
            }
            log.add("mode " + mode + " -> " + code);
        }
        AppProcess last = AppProcess.start(args(out));
        assertThat(last.waitFor()).as(last.err()).isZero();
        if (staleLeft) {
            staleReported += last.err().contains("an interrupted run left") ? 1 : 0;
        }

        assertThat(kills).as(log.toString()).isGreaterThanOrEqualTo(KILLS);
        assertThat(midWrite).as("kills inside a checkpoint write; " + log).isPositive();
        assertThat(staleReported).as("stale temporaries removed on start").isPositive();
        assertSameAsReference(out);
        assertThat(AppProcess.hasFile(out, ".*\\.tmp|.*-step-.*")).isFalse();
        System.out.printf(
                "fault injection: %d kills (%d inside a checkpoint write), %s%n",
                kills, midWrite, log);
    }

    @Test
    void sigtermWritesACheckpointSaysHowToResumeAndExits143() throws Exception {
        Path out = tmp.resolve("sigterm");
        AppProcess p = AppProcess.start(args(out));
        // The chart is the last write after epoch 0: from then on the run is inside epoch 1.
        assertThat(await(p, () -> Files.exists(out.resolve("elbo.png")))).isTrue();
        p.terminate();
        assertThat(p.waitFor()).as(p.err()).isEqualTo(143);
        assertThat(p.err())
                .contains("SIGTERM: stopping after the current step and writing a checkpoint")
                .contains("SIGTERM: stopped; the checkpoint is " + out)
                .contains("Continue with the same command and --resume latest");
        String said = p.err().substring(p.err().indexOf("the checkpoint is ") + 18);
        Path written = Path.of(said.substring(0, said.indexOf(". Continue")));
        assertThat(written).exists();
        assertThat(written.getFileName().toString()).startsWith("vae-epoch-001-step-");
        assertThat(Checkpoints.newest(out)).contains(written);

        AppProcess resumed = AppProcess.start(args(out));
        assertThat(resumed.waitFor()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming from " + written);
        assertSameAsReference(out);
    }

    @Test
    void aSecondSigtermStopsAtOnceAndTheRunStillResumes() throws Exception {
        Path out = tmp.resolve("twice");
        boolean halted = false;
        for (int attempt = 0; attempt < 3 && !halted; attempt++) {
            AppProcess p = AppProcess.start(args(out));
            if (!await(p, () -> p.out().contains("average training loss"))) {
                p.waitFor();
                continue;
            }
            p.terminate();
            if (await(p, () -> p.err().contains("SIGTERM: stopping after the current step"))) {
                p.terminate();
            }
            assertThat(p.waitFor()).as(p.err()).isIn(143, 0);
            halted = p.err().contains("SIGTERM again: stopping at once");
        }
        assertThat(halted).as("a second SIGTERM halted a run").isTrue();
        AppProcess resumed = AppProcess.start(args(out));
        assertThat(resumed.waitFor()).as(resumed.err()).isZero();
        assertSameAsReference(out);
    }

    @Test
    void aSecondWriterOnTheSameOutIsRefusedAndTheFirstIsUntouched() throws Exception {
        Path out = tmp.resolve("two");
        AppProcess first = AppProcess.start(args(out));
        Path lock = out.resolve(RunLock.NAME);
        assertThat(
                        await(
                                first,
                                () -> {
                                    try {
                                        return Files.exists(lock)
                                                && !Files.readString(lock).isBlank();
                                    } catch (IOException e) {
                                        return false;
                                    }
                                }))
                .isTrue();
        AppProcess second = AppProcess.start(args(out));
        assertThat(second.waitFor()).as(second.err()).isEqualTo(1);
        assertThat(second.err())
                .contains("--out " + out + " is in use by another training run (PID " + first.pid())
                .contains("choose another --out");
        assertThat(first.waitFor()).as(first.err()).isZero();
        assertSameAsReference(out);
    }
}
