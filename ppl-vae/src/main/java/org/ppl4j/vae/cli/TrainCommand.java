package org.ppl4j.vae.cli;

import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.ppl4j.core.PplException;
import org.ppl4j.vae.DistributedTraining;
import org.ppl4j.vae.Trainer;
import org.ppl4j.vae.TrainingPlan;
import org.ppl4j.vae.TrainingProgress;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.output.Checkpoints;
import org.ppl4j.vae.output.ElboHistory;
import org.ppl4j.vae.output.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: the tutorial's training loop, with its output lines, CSV, chart, checkpoints. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Trains the VAE on MNIST by SVI as the Pyro tutorial does, printing "
                        + "'[epoch NNN] average training loss: X' each epoch and the test loss "
                        + "every --test-frequency epochs. Writes vae-epoch-NNN.safetensors (which "
                        + "carries the whole history), then elbo.csv and elbo.png into --out after "
                        + "every epoch. SIGTERM or Ctrl-C finish the current step, write a "
                        + "checkpoint and exit with 143 or 130; a second signal stops at once. One "
                        + "run at a time may use an --out.")
final class TrainCommand implements Callable<Integer> {
    private static final String LATEST = "latest";

    private final AppEnvironment app;

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin DataOptions data;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "100",
            description = "Number of epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            defaultValue = "1e-3",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--test-frequency",
            paramLabel = "N",
            defaultValue = "5",
            description = "Evaluate the test set when epoch %% N == 0 (default: ${DEFAULT-VALUE}).")
    int testFrequency;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "vae-out",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--limit-train",
            paramLabel = "N",
            description = "Train on the first N training images only.")
    Integer limitTrain;

    @Option(
            names = "--limit-test",
            paramLabel = "N",
            description = "Evaluate on the first N test images only.")
    Integer limitTest;

    @Option(
            names = "--resume",
            paramLabel = "FILE|latest",
            description = {
                "Continue from this checkpoint (where it stopped), or from the newest one in",
                "--out with 'latest' (a fresh start when there is none)."
            })
    String resume;

    @Option(
            names = "--keep-checkpoints",
            paramLabel = "N",
            defaultValue = "5",
            description =
                    "Keep the newest N epoch checkpoints in --out; 0 keeps all (default: ${DEFAULT-VALUE}).")
    int keepCheckpoints;

    @Option(
            names = "--spark",
            paramLabel = "MASTER_URL",
            description = {
                "Train data-parallel on Apache Spark: local[N], or a cluster such as",
                "spark://host:7077 (needs the ppl-spark jar and Spark's jars; see the README)."
            })
    String spark;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description =
                    "With --spark: spread the training images over N partitions (default:"
                            + " Spark's default parallelism, the executors' cores).")
    Integer partitions;

    @Option(
            names = "--keyed-noise",
            negatable = true,
            description = {
                "Draw each image's noise from a stream keyed by (seed, step, image), as --spark",
                "always does, so a run on one machine and a distributed one continue each other",
                "exactly (default: as the resumed checkpoint says, else the run's stream)."
            })
    Boolean keyedNoise;

    TrainCommand(AppEnvironment app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        OptionChecks c = new OptionChecks();
        model.check(c);
        data.check(c, app);
        c.atLeast("--epochs", epochs, 1);
        c.positive("--lr", lr);
        c.atLeast("--test-frequency", testFrequency, 1);
        if (limitTrain != null) {
            c.atLeast("--limit-train", limitTrain, 1);
        }
        if (limitTest != null) {
            c.atLeast("--limit-test", limitTest, 1);
        }
        c.atLeast("--keep-checkpoints", keepCheckpoints, 0);
        if (resume != null && !resume.equals(LATEST)) {
            c.readableFile("--resume", Path.of(resume));
        }
        c.writableDirectory("--out", out);
        if (partitions != null) {
            c.atLeast("--partitions", partitions, 1);
            if (spark == null) {
                c.add("--partitions " + partitions + " needs --spark MASTER_URL");
            }
        }
        if (spark != null && Boolean.FALSE.equals(keyedNoise)) {
            c.add("--spark draws keyed noise; leave --no-keyed-noise out");
        }
        c.throwIfAny(spec.commandLine());

        boolean created = !Files.exists(out);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create --out " + out + ": " + e, e);
        }
        try {
            return lockedCall();
        } catch (OutOfMemoryError e) {
            throw new PplException(
                    "out of memory ("
                            + e.getMessage()
                            + "): "
                            + model.sizeNeeded()
                            + "; choose smaller values, or give Java more memory (-Xmx) and ND4J"
                            + " more native memory (-Dorg.bytedeco.javacpp.maxbytes)",
                    e);
        } finally {
            if (created) {
                removeIfOnlyTheLock();
            }
        }
    }

    /** A directory this run created and wrote nothing into is not left behind. */
    private void removeIfOnlyTheLock() {
        try (var files = Files.list(out)) {
            if (files.allMatch(p -> p.getFileName().toString().equals(RunLock.NAME))) {
                Files.deleteIfExists(out.resolve(RunLock.NAME));
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            app.terminal().err().println("note: cannot tidy up the empty --out " + out + ": " + e);
        }
    }

    private int lockedCall() {
        PrintStream notes = app.terminal().err();
        try (RunLock lock = RunLock.acquire(out, notes)) {
            List<String> stale = Checkpoints.removeTemporaries(out);
            if (!stale.isEmpty()) {
                notes.println(
                        "note: removed "
                                + stale.size()
                                + " temporary file(s) an interrupted run left in --out: "
                                + String.join(", ", stale));
            }
            Path from = resumeFile(notes);
            return train(from, notes);
        }
    }

    /** The checkpoint to continue from, or null for a fresh start (checked against --out). */
    private Path resumeFile(PrintStream notes) {
        if (resume == null) {
            checkNoEarlierRun();
            return null;
        }
        if (!resume.equals(LATEST)) {
            return Path.of(resume);
        }
        Optional<Path> newest = Checkpoints.newest(out);
        if (newest.isEmpty()) {
            notes.println(
                    "--resume latest: --out "
                            + out
                            + " holds no complete checkpoint; starting a fresh run");
            return null;
        }
        return newest.get();
    }

    private int train(Path from, PrintStream notes) {
        VaeSettings settings =
                model.settings(lr).withKeyedNoise(spark != null ? Boolean.TRUE : keyedNoise);
        TrainingPlan plan =
                new TrainingPlan(
                        epochs,
                        testFrequency,
                        limitTrain == null ? 0 : limitTrain,
                        limitTest == null ? 0 : limitTest,
                        out,
                        from,
                        keepCheckpoints);
        AppEnvironment env = spark == null ? app : app.withSessionModule(distributed());
        Injector injector = env.injector(settings, data.dataDir, plan);
        Mnist mnist = injector.getInstance(Mnist.class);
        try (VaeSession session = injector.getInstance(VaeSession.class)) {
            TrainingProgress progress = TrainingProgress.fresh(lr);
            if (from != null) {
                progress = TrainingProgress.decode(session.restore(from), from);
                progress = checkResumable(from, progress, notes);
                notes.println(
                        "resuming from "
                                + from
                                + " after "
                                + (progress.partial() == null
                                        ? "epoch " + progress.lastDone()
                                        : "step "
                                                + progress.partial().nextStep()
                                                + " of epoch "
                                                + progress.nextEpoch()));
                if (progress.nextEpoch() >= epochs) {
                    notes.println(
                            "nothing to train: the checkpoint is at epoch "
                                    + progress.lastDone()
                                    + " and --epochs is "
                                    + epochs
                                    + " (epochs count from 0)");
                }
            }
            app.stop().listenToSignals();
            Trainer.Outcome o;
            try {
                o =
                        new Trainer(session, mnist, settings, plan, app.terminal(), app.stop())
                                .run(progress);
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException(
                        e.getMessage()
                                + "\nthe checkpoints in --out are complete (each is written under a"
                                + " temporary name, then renamed); fix the cause (a full disk?) and"
                                + " continue with the same command and --resume latest",
                        e.getCause());
            }
            if (!app.stop().requested()) {
                return 0;
            }
            notes.println(
                    app.stop().signal()
                            + ": "
                            + (o.stoppedAt() == null
                                    ? "stopped before training; nothing new was written"
                                    : "stopped; the checkpoint is " + o.stoppedAt())
                            + ". Continue with the same command and --resume latest"
                            + (o.stoppedAt() == null
                                    ? ""
                                    : " (or --resume " + o.stoppedAt() + ")"));
            return app.stop().exitCode();
        }
    }

    /** The session module of the distributed trainer on the class path (ppl-spark's). */
    private com.google.inject.Module distributed() {
        DistributedTraining d =
                ServiceLoader.load(DistributedTraining.class)
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new PplException(
                                                "--spark needs the ppl-spark jar"
                                                        + " (org.ppl4j:ppl-spark) and Spark's jars"
                                                        + " (org.apache.spark:spark-core_2.13 and"
                                                        + " its dependencies) on the class path;"
                                                        + " see the README's 'Training on Apache"
                                                        + " Spark'"));
        return d.sessionModule(spark, partitions == null ? 0 : partitions);
    }

    /**
     * The checkpoint's progress, after checking that resuming it overwrites nothing newer in --out
     * and that --lr agrees with it; a checkpoint without history borrows elbo.csv's.
     */
    private TrainingProgress checkResumable(Path from, TrainingProgress p, PrintStream notes) {
        Checkpoints.Position at =
                p.partial() == null
                        ? Checkpoints.Position.endOf(p.lastDone())
                        : new Checkpoints.Position(p.nextEpoch(), p.partial().nextStep());
        List<Checkpoints.Position> later =
                Checkpoints.positions(out).stream().filter(q -> q.compareTo(at) > 0).toList();
        if (!later.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--resume "
                            + from
                            + " is at "
                            + at
                            + " but --out "
                            + out
                            + " already holds a checkpoint at "
                            + later.get(later.size() - 1)
                            + ", which resuming would overwrite; resume with --resume latest"
                            + " or choose another --out");
        }
        boolean lrGiven = spec.commandLine().getParseResult().hasMatchedOption("--lr");
        if (lrGiven && !Double.isNaN(p.learningRate()) && p.learningRate() != lr) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--lr "
                            + lr
                            + " differs from the learning rate "
                            + p.learningRate()
                            + " that "
                            + from
                            + " was trained with, which resuming keeps (Adam's state holds it);"
                            + " leave --lr out or pass --lr "
                            + p.learningRate()
                            + ", or start a new run in another --out to train with another rate");
        }
        if (Double.isNaN(p.learningRate())) {
            p = new TrainingProgress(p.lastDone(), p.history(), p.partial(), lr);
        }
        if (!p.knowsHistory()) {
            Path csv = out.resolve(Trainer.CSV);
            ElboHistory h = Files.exists(csv) ? ElboHistory.read(csv).upTo(p.lastDone()) : null;
            if (h != null && h.lastEpoch() == p.lastDone() && h.rows().size() == p.lastDone() + 1) {
                notes.println(
                        "note: "
                                + from
                                + " carries no ELBO history (an older checkpoint); using "
                                + csv);
                p = new TrainingProgress(p.lastDone(), h, p.partial(), p.learningRate());
            } else {
                notes.println(
                        "note: "
                                + from
                                + " carries no ELBO history (an older checkpoint) and --out has no"
                                + " "
                                + Trainer.CSV
                                + " covering it; the history starts at epoch "
                                + p.nextEpoch());
            }
        }
        return p;
    }

    /** A fresh run must not overwrite another run's files in --out. */
    private void checkNoEarlierRun() {
        Optional<Path> newest = Checkpoints.newest(out);
        boolean csv = Files.exists(out.resolve(Trainer.CSV));
        if (newest.isPresent()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--out "
                            + out
                            + " already holds a training run (checkpoints up to "
                            + newest.get().getFileName()
                            + "); continue it with --resume latest (or --resume "
                            + newest.get()
                            + "), or choose another --out");
        }
        if (csv) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--out "
                            + out
                            + " holds "
                            + Trainer.CSV
                            + " but no complete checkpoint (a run interrupted in its first"
                            + " epoch?); --resume latest starts that run afresh, replacing it, or"
                            + " choose another --out");
        }
    }
}
