package org.ppl4j.vae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.vae.FakeVaeSession;
import org.ppl4j.vae.RunFiles;
import org.ppl4j.vae.StopRequest;
import org.ppl4j.vae.SyntheticMnist;
import org.ppl4j.vae.Terminal;
import org.ppl4j.vae.Trainer;
import org.ppl4j.vae.TrainingPlan;
import org.ppl4j.vae.TrainingProgress;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.output.AtomicFiles;

/**
 * A disk that fills up at any byte of a run: the write that hits it fails (leaving its temporary
 * half-written, as a real full disk does, for {@link AtomicFiles} to remove), and once there is
 * space again {@code --resume latest} ends with the bytes of a run that never failed.
 */
class FullDiskTest {
    private static final int EPOCHS = 3;

    @TempDir Path tmp;
    private Path data;

    @BeforeEach
    void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("mnist"));
        SyntheticMnist.write(data, 300, 100, true);
    }

    private String[] args(Path out) {
        return CliRun.trainArgs(
                data,
                out,
                "--test-frequency",
                "2",
                "--keep-checkpoints",
                "0",
                "--epochs",
                Integer.toString(EPOCHS),
                "--resume",
                "latest");
    }

    /** A writer onto a disk with {@code budget} bytes free. */
    private static final class FullDisk implements AtomicFiles.Writer {
        private long free;

        FullDisk(long budget) {
            this.free = budget;
        }

        @Override
        public void write(Path target, AtomicFiles.Content content) {
            AtomicFiles.write(
                    target,
                    tmp -> {
                        content.writeTo(tmp);
                        long size = Files.size(tmp);
                        if (size > free) {
                            try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
                                f.setLength(free);
                            }
                            free = 0;
                            throw new IOException("No space left on device");
                        }
                        free -= size;
                    });
        }
    }

    @Test
    void aDiskFullAtAnyByteResumesToTheSameBytes() throws IOException {
        Path ref = tmp.resolve("ref");
        CliRun r = CliRun.run(tmp, args(ref));
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, String> expected = RunFiles.digests(ref);
        long total;
        try (Stream<Path> s = Files.list(ref)) {
            total = s.mapToLong(p -> p.toFile().length()).sum();
        }
        Mnist mnist = Mnist.read(data);
        VaeSettings settings = new VaeSettings(null, 4, 400, 1e-3, 0, 64, 0);
        int failures = 0;
        for (int i = 0; i < 12; i++) {
            long budget = total * i / 12 + 7 * i;
            Path out = tmp.resolve("full-" + i);
            TrainingPlan plan = new TrainingPlan(EPOCHS, 2, 0, 0, out, null, 0);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
            Terminal t = new Terminal(quiet, quiet, false);
            try (var session = new FakeVaeSession(settings)) {
                var trainer =
                        new Trainer(
                                session,
                                mnist,
                                settings,
                                plan,
                                t,
                                StopRequest.manual(quiet, c -> {}),
                                new FullDisk(budget));
                assertThatThrownBy(() -> trainer.run(TrainingProgress.fresh(1e-3)))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("cannot write " + out)
                        .hasMessageContaining("No space left on device");
                failures++;
            }
            try (Stream<Path> s = Files.list(out)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList())
                        .as("no temporary is left after a failed write")
                        .noneMatch(n -> n.endsWith(".tmp"));
            }
            CliRun resumed = CliRun.run(tmp, args(out));
            assertThat(resumed.code()).as(resumed.err()).isZero();
            assertThat(RunFiles.digests(out)).as("budget " + budget).isEqualTo(expected);
        }
        assertThat(failures).isEqualTo(12);
    }

    @Test
    void anIoFailureWhileTrainingSaysTheCheckpointsAreCompleteAndHowToContinue() {
        Path out = tmp.resolve("run");
        com.google.inject.Module failing =
                b ->
                        b.bind(org.ppl4j.vae.VaeSession.class)
                                .toProvider(
                                        new com.google.inject.Provider<org.ppl4j.vae.VaeSession>() {
                                            @com.google.inject.Inject VaeSettings settings;

                                            @Override
                                            public org.ppl4j.vae.VaeSession get() {
                                                return new FakeVaeSession(
                                                        settings,
                                                        step -> {
                                                            if (step == 7) {
                                                                throw new UncheckedIOException(
                                                                        "cannot write x",
                                                                        new IOException(
                                                                                "No space left on"
                                                                                        + " device"));
                                                            }
                                                        });
                                            }
                                        });
        CliRun r = CliRun.run(tmp, Map.of(), false, failing, args(out));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("error: cannot write x")
                .contains("the checkpoints in --out are complete")
                .contains("continue with the same command and --resume latest");
        CliRun resumed = CliRun.run(tmp, args(out));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err())
                .contains("resuming from " + out.resolve("vae-epoch-000.safetensors"));
    }
}
