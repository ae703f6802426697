package org.ppl4j.vae.cli;

import com.google.inject.Injector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ppl4j.vae.Trainer;
import org.ppl4j.vae.TrainingPlan;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.output.Checkpoints;
import org.ppl4j.vae.output.ElboHistory;
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
        description = {
            "Trains the VAE on MNIST by SVI as the Pyro tutorial does, printing",
            "'[epoch NNN] average training loss: X' each epoch and the test loss every",
            "--test-frequency epochs. Writes elbo.csv, elbo.png and vae-epoch-NNN.safetensors",
            "into --out after every epoch."
        })
final class TrainCommand implements Callable<Integer> {
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
            paramLabel = "FILE",
            description = "Continue from this checkpoint (its epoch + 1 onwards).")
    Path resume;

    @Option(
            names = "--keep-checkpoints",
            paramLabel = "N",
            defaultValue = "5",
            description =
                    "Keep the newest N epoch checkpoints in --out; 0 keeps all (default: ${DEFAULT-VALUE}).")
    int keepCheckpoints;

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
        c.readableFile("--resume", resume);
        c.writableDirectory("--out", out);
        if (resume == null) {
            checkNoEarlierRun(c);
        }
        c.throwIfAny(spec.commandLine());

        VaeSettings settings = model.settings(lr);
        TrainingPlan plan =
                new TrainingPlan(
                        epochs,
                        testFrequency,
                        limitTrain == null ? 0 : limitTrain,
                        limitTest == null ? 0 : limitTest,
                        out,
                        resume,
                        keepCheckpoints);
        Injector injector = app.injector(settings, data.dataDir, plan);
        Mnist mnist = injector.getInstance(Mnist.class);
        try (VaeSession session = injector.getInstance(VaeSession.class)) {
            int lastDone = -1;
            if (resume != null) {
                lastDone = session.loadCheckpoint(resume);
                checkNothingLater(lastDone);
                app.terminal()
                        .err()
                        .println("resuming from " + resume + " after epoch " + lastDone);
                if (lastDone + 1 >= epochs) {
                    app.terminal()
                            .err()
                            .println(
                                    "nothing to train: the checkpoint is at epoch "
                                            + lastDone
                                            + " and --epochs is "
                                            + epochs
                                            + " (epochs count from 0)");
                }
            }
            new Trainer(
                            session,
                            mnist,
                            settings,
                            injector.getInstance(TrainingPlan.class),
                            app.terminal())
                    .run(lastDone);
        }
        return 0;
    }

    /** A fresh run must not overwrite another run's files in --out. */
    private void checkNoEarlierRun(OptionChecks c) {
        List<Integer> epochsThere = Checkpoints.epochs(out);
        boolean csv = Files.exists(out.resolve(Trainer.CSV));
        if (csv || !epochsThere.isEmpty()) {
            c.add(
                    "--out "
                            + out
                            + " already holds a training run ("
                            + (csv ? Trainer.CSV : "")
                            + (csv && !epochsThere.isEmpty() ? ", " : "")
                            + (epochsThere.isEmpty()
                                    ? ""
                                    : "checkpoints up to epoch "
                                            + epochsThere.get(epochsThere.size() - 1))
                            + "); continue it with --resume "
                            + (epochsThere.isEmpty()
                                    ? "FILE"
                                    : Checkpoints.file(
                                            out, epochsThere.get(epochsThere.size() - 1)))
                            + ", or choose another --out");
        }
    }

    /** Resuming must not overwrite epochs after the checkpoint's that --out already holds. */
    private void checkNothingLater(int lastDone) {
        List<Integer> later = Checkpoints.epochs(out).stream().filter(e -> e > lastDone).toList();
        Path csv = out.resolve(Trainer.CSV);
        int csvLast = Files.exists(csv) ? ElboHistory.read(csv).lastEpoch() : -1;
        if (!later.isEmpty() || csvLast > lastDone) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--resume "
                            + resume
                            + " is at epoch "
                            + lastDone
                            + " but --out "
                            + out
                            + " already holds epochs up to "
                            + Math.max(csvLast, later.isEmpty() ? -1 : later.get(later.size() - 1))
                            + ", which resuming would overwrite; resume from the newest checkpoint"
                            + " or choose another --out");
        }
    }
}
