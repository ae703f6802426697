package org.ppl4j.vae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Inject;
import com.google.inject.Module;
import com.google.inject.Provider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ppl4j.vae.FakeVaeSession;
import org.ppl4j.vae.RunFiles;
import org.ppl4j.vae.StopRequest;
import org.ppl4j.vae.SyntheticMnist;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.output.AtomicFiles;
import org.ppl4j.vae.output.Checkpoints;
import org.ppl4j.vae.output.RunLock;

/**
 * Interrupted runs continue to the same bytes as an uninterrupted one: derived files out of step
 * with the checkpoint, an interruption in epoch 0, a graceful stop at any step, a held or stale
 * lock. The fake session makes this fast; the subprocess test does it with the real one.
 */
class ResumeTest {
    /** 300 images in batches of 64: 5 steps an epoch. */
    private static final int STEPS = 5;

    @TempDir Path tmp;
    private Path data;

    @BeforeEach
    void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("mnist"));
        SyntheticMnist.write(data, 300, 100, true);
    }

    private String[] args(Path out, int epochs, String... extra) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "--test-frequency",
                                "2",
                                "--keep-checkpoints",
                                "0",
                                "--epochs",
                                Integer.toString(epochs)));
        a.addAll(List.of(extra));
        return CliRun.trainArgs(data, out, a.toArray(String[]::new));
    }

    private CliRun train(Path out, int epochs, String... extra) {
        return CliRun.run(tmp, args(out, epochs, extra));
    }

    private Map<String, String> uninterrupted(int epochs) throws IOException {
        Path ref = tmp.resolve("ref");
        CliRun r = train(ref, epochs);
        assertThat(r.code()).as(r.err()).isZero();
        return RunFiles.digests(ref);
    }

    @Test
    void resumeLatestRebuildsDerivedFilesThatRanAheadAndRemovesTemporaries() throws IOException {
        Map<String, String> expected = uninterrupted(4);
        Path out = tmp.resolve("run");
        assertThat(train(out, 2).code()).isZero();
        // As a kill between the old order's CSV write and checkpoint left it: the CSV one ahead.
        Files.writeString(
                out.resolve("elbo.csv"), Files.readString(out.resolve("elbo.csv")) + "2,33.5,\n");
        Files.delete(out.resolve("elbo.png"));
        Path stale = AtomicFiles.temporaryBeside(Checkpoints.file(out, 2), ".tmp");
        Files.writeString(stale, "half a checkpoint");

        CliRun r = train(out, 4, "--resume", "latest");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err())
                .contains("removed 1 temporary file(s)")
                .contains(stale.getFileName().toString())
                .contains("resuming from " + Checkpoints.file(out, 1) + " after epoch 1");
        assertThat(stale).doesNotExist();
        assertThat(out.resolve("elbo.png")).exists();
        assertThat(RunFiles.digests(out)).isEqualTo(expected);
    }

    @Test
    void anInterruptedFirstEpochIsStartedAfreshByResumeLatest() throws IOException {
        Map<String, String> expected = uninterrupted(2);
        Path out = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(out.resolve("elbo.csv"), "epoch,train_loss,test_loss\n0,1.0,\n");

        CliRun plain = train(out, 2);
        assertThat(plain.code()).isEqualTo(2);
        assertThat(plain.err())
                .contains("holds elbo.csv but no complete checkpoint")
                .contains("--resume latest starts that run afresh")
                .doesNotContain("--resume FILE");

        CliRun r = train(out, 2, "--resume", "latest");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("holds no complete checkpoint; starting a fresh run");
        assertThat(RunFiles.digests(out)).isEqualTo(expected);
    }

    @Test
    void resumeLatestInAnEmptyDirectoryIsAFreshRun() throws IOException {
        Map<String, String> expected = uninterrupted(2);
        Path out = tmp.resolve("new");
        CliRun r = train(out, 2, "--resume", "latest");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("starting a fresh run");
        assertThat(RunFiles.digests(out)).isEqualTo(expected);
    }

    @Test
    void resumingIntoAnotherDirectoryKeepsTheWholeHistory() throws IOException {
        Path out = tmp.resolve("run");
        assertThat(train(out, 3).code()).isZero();
        Path other = tmp.resolve("other");
        CliRun r = train(other, 5, "--resume", Checkpoints.file(out, 2).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(other.resolve("elbo.csv")))
                .hasSize(6)
                .startsWith("epoch,train_loss,test_loss")
                .anyMatch(l -> l.startsWith("0,"));
        assertThat(Files.readString(other.resolve("elbo.csv")))
                .isEqualTo(Files.readString(tmp.resolve("ref-5").resolve("elbo.csv")));
    }

    @BeforeEach
    void reference5() {
        // Several tests compare with a five-epoch run; it is cheap with the fake session.
        CliRun r = train(tmp.resolve("ref-5"), 5);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void anLrThatDiffersFromTheCheckpointsIsRefusedAndTheSameOneAccepted() throws IOException {
        Path out = tmp.resolve("run");
        assertThat(train(out, 2, "--lr", "0.002").code()).isZero();
        CliRun bad = train(out, 3, "--resume", "latest", "--lr", "0.01");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err())
                .contains("--lr 0.01 differs from the learning rate 0.002")
                .contains("leave --lr out or pass --lr 0.002");
        assertThat(Checkpoints.epochs(out)).containsExactly(0, 1);
        CliRun same = train(out, 3, "--resume", "latest", "--lr", "0.002");
        assertThat(same.code()).as(same.err()).isZero();
        CliRun none = train(out, 4, "--resume", "latest");
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(Checkpoints.epochs(out)).containsExactly(0, 1, 2, 3);
    }

    // ---- graceful stop -------------------------------------------------------------------------

    /**
     * The fake session, asking {@code stop} to stop (signal {@code name}) after step {@code at}.
     */
    private static Module stoppingAt(int at, StopRequest stop, String name) {
        return b ->
                b.bind(VaeSession.class)
                        .toProvider(
                                new Provider<VaeSession>() {
                                    @Inject VaeSettings settings;

                                    @Override
                                    public VaeSession get() {
                                        return new FakeVaeSession(
                                                settings,
                                                step -> {
                                                    if (step == at) {
                                                        stop.request(name);
                                                    }
                                                });
                                    }
                                });
    }

    private StopRequest stop(List<Integer> halts) {
        return StopRequest.manual(new PrintStream(new ByteArrayOutputStream(), true), halts::add);
    }

    @ParameterizedTest(name = "stopped after step {0}")
    @ValueSource(ints = {1, 3, STEPS, STEPS + 2, 2 * STEPS, 4 * STEPS - 1})
    void aStopFinishesTheStepWritesACheckpointAndResumesToTheSameBytes(int at) throws IOException {
        Map<String, String> expected = RunFiles.digests(tmp.resolve("ref-5"));
        Path out = tmp.resolve("run");
        List<Integer> halts = new ArrayList<>();
        StopRequest stop = stop(halts);
        CliRun r =
                CliRun.run(tmp, Map.of(), false, stoppingAt(at, stop, "TERM"), stop, args(out, 5));
        assertThat(r.code()).as(r.err()).isEqualTo(143);
        assertThat(halts).isEmpty();
        int epoch = (at - 1) / STEPS;
        int step = at - epoch * STEPS;
        Path written =
                step == STEPS
                        ? Checkpoints.file(out, epoch)
                        : Checkpoints.file(out, new Checkpoints.Position(epoch, step));
        assertThat(written).exists();
        assertThat(Checkpoints.newest(out)).contains(written);
        assertThat(r.err())
                .contains("SIGTERM: stopped; the checkpoint is " + written)
                .contains("Continue with the same command and --resume latest");

        CliRun resumed = train(out, 5, "--resume", "latest");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming from " + written);
        assertThat(RunFiles.digests(out)).isEqualTo(expected);
    }

    @Test
    void interruptInTheLastEpochWritesItsStoppedCheckpointAndExitsWith130() throws IOException {
        Path out = tmp.resolve("run");
        List<Integer> halts = new ArrayList<>();
        StopRequest stop = stop(halts);
        CliRun r = CliRun.run(tmp, Map.of(), false, stoppingAt(2, stop, "INT"), stop, args(out, 1));
        assertThat(r.code()).as(r.err()).isEqualTo(130);
        assertThat(Checkpoints.positions(out)).containsExactly(new Checkpoints.Position(0, 2));
        assertThat(r.err()).contains("SIGINT: stopped");
    }

    @Test
    void aSecondRequestHaltsAtOnceWithTheFirstSignalsCode() {
        List<Integer> halts = new ArrayList<>();
        StopRequest stop = stop(halts);
        assertThat(stop.requested()).isFalse();
        stop.request("INT");
        assertThat(stop.requested()).isTrue();
        assertThat(stop.signal()).isEqualTo("SIGINT");
        assertThat(halts).isEmpty();
        stop.request("TERM");
        assertThat(halts).containsExactly(130);
    }

    // ---- one writer ----------------------------------------------------------------------------

    @Test
    void aSecondWriterIsRefusedNamingTheHoldersPidAndTheDirectory() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("run"));
        try (RunLock held = RunLock.acquire(out, System.err)) {
            CliRun r = train(out, 1);
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err())
                    .contains("--out " + out + " is in use by another training run")
                    .contains("PID " + ProcessHandle.current().pid())
                    .contains("choose another --out");
            assertThat(Checkpoints.positions(out)).isEmpty();
        }
        assertThat(train(out, 1).code()).isZero();
        assertThat(Files.readString(out.resolve(RunLock.NAME))).isEmpty();
    }

    @Test
    void aStaleLockOfADeadProcessIsTakenOverWithANote() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(out.resolve(RunLock.NAME), "2147483\n");
        CliRun r = train(out, 1);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("took over the lock of --out " + out + " left by PID 2147483");
    }
}
