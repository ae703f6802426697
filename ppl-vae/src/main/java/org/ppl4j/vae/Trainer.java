package org.ppl4j.vae;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistSplit;
import org.ppl4j.vae.output.AtomicFiles;
import org.ppl4j.vae.output.Checkpoints;
import org.ppl4j.vae.output.ElboChart;
import org.ppl4j.vae.output.ElboHistory;

/**
 * The tutorial's training loop: each epoch shuffles the training set with a permutation from the
 * session's stream, takes an SVI step per minibatch, and prints the epoch's summed loss divided by
 * the number of training images; every {@code testFrequency} epochs (from epoch 0) it does the same
 * for the test set without updating.
 *
 * <p>The checkpoint is the truth. After each epoch it writes the checkpoint, which carries the
 * whole ELBO history ({@link TrainingProgress}), and only then {@code elbo.csv} and {@code
 * elbo.png}, which are derived from it and rebuilt from it when a run continues; each file is
 * written atomically. So an interruption between any two writes leaves a directory that resumes
 * from its newest checkpoint. When a {@link StopRequest} arrives, the current step is finished and
 * a checkpoint of the stopped epoch ({@code vae-epoch-NNN-step-SSSSS.safetensors}) is written that
 * continues exactly where it stopped.
 *
 * <pre>{@code
 * Trainer.Outcome o = new Trainer(session, mnist, settings, plan, terminal, stop)
 *         .run(TrainingProgress.fresh(settings.learningRate()));
 * }</pre>
 */
public final class Trainer {
    /** The name of the loss history in the output directory. */
    public static final String CSV = "elbo.csv";

    /** The name of the ELBO chart in the output directory. */
    public static final String PNG = "elbo.png";

    /**
     * How a run ended.
     *
     * @param history the ELBO history of the epochs completed
     * @param stoppedAt the checkpoint written when a stop was requested, or null when the run
     *     finished (or was stopped before its first step: then nothing new was written)
     */
    public record Outcome(ElboHistory history, Path stoppedAt) {}

    private final VaeSession session;
    private final MnistSplit train;
    private final MnistSplit test;
    private final int batchSize;
    private final TrainingPlan plan;
    private final Terminal terminal;
    private final StopRequest stop;
    private final AtomicFiles.Writer writer;

    /** A trainer of {@code session} on {@code mnist} as {@code settings} and {@code plan} say. */
    public Trainer(
            VaeSession session,
            Mnist mnist,
            VaeSettings settings,
            TrainingPlan plan,
            Terminal terminal,
            StopRequest stop) {
        this(session, mnist, settings, plan, terminal, stop, AtomicFiles::write);
    }

    /** As above, writing every file through {@code writer} (tests inject a full disk). */
    public Trainer(
            VaeSession session,
            Mnist mnist,
            VaeSettings settings,
            TrainingPlan plan,
            Terminal terminal,
            StopRequest stop,
            AtomicFiles.Writer writer) {
        this.session = session;
        this.train = limit(mnist.train(), plan.limitTrain());
        this.test = limit(mnist.test(), plan.limitTest());
        this.batchSize = settings.batchSize();
        this.plan = plan;
        this.terminal = terminal;
        this.stop = stop;
        this.writer = writer;
    }

    private static MnistSplit limit(MnistSplit s, int n) {
        return n > 0 ? s.first(n) : s;
    }

    /** The number of minibatches of {@code n} images, without overflow for any batch size. */
    static int steps(int n, int batchSize) {
        return (int) (((long) n + batchSize - 1) / batchSize);
    }

    /**
     * Trains from {@code from} (a checkpoint's progress, or {@link TrainingProgress#fresh}) to the
     * plan's last epoch, or until a stop is requested. The derived files are first made to match
     * {@code from}.
     */
    public Outcome run(TrainingProgress from) {
        Path out = plan.out();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create --out " + out + ": " + e, e);
        }
        ElboHistory history = from.history();
        writeDerived(history);
        TrainingProgress.Partial partial = from.partial();
        for (int epoch = from.nextEpoch(); epoch < plan.epochs(); epoch++) {
            if (stop.requested()) {
                return new Outcome(history, null);
            }
            long start = System.nanoTime();
            int[] order = partial != null ? partial.order() : session.permutation(train.size());
            int steps = steps(train.size(), batchSize);
            int firstStep = partial != null ? partial.nextStep() : 0;
            double sum = partial != null ? partial.lossSum() : 0;
            partial = null;
            ProgressBar bar = bar(epoch, steps, "");
            for (int step = firstStep; step < steps; step++) {
                int from0 = (int) Math.min(train.size(), (long) step * batchSize);
                int to = (int) Math.min(train.size(), (long) from0 + batchSize);
                sum += session.trainStep(train, order, from0, to);
                if (bar != null) {
                    bar.update(step + 1, sum / to);
                }
                if (stop.requested() && step + 1 < steps) {
                    if (bar != null) {
                        bar.clear();
                    }
                    var p = new Checkpoints.Position(epoch, step + 1);
                    var at = new TrainingProgress.Partial(step + 1, sum, order);
                    return new Outcome(
                            history, checkpoint(p, from.after(epoch - 1, history).stopped(at)));
                }
            }
            if (bar != null) {
                bar.clear();
            }
            double trainLoss = sum / train.size();
            double seconds = (System.nanoTime() - start) / 1e9;
            print(epoch, "average training loss", trainLoss);
            terminal.err()
                    .println(
                            String.format(
                                    Locale.ROOT,
                                    "[epoch %03d] %d steps in %.2f s (%.1f steps/s)",
                                    epoch,
                                    steps - firstStep,
                                    seconds,
                                    (steps - firstStep) / seconds));
            double testLoss = Double.NaN;
            if (epoch % plan.testFrequency() == 0) {
                testLoss = testLoss(epoch);
                print(epoch, "average test loss", testLoss);
            }
            history = history.with(new ElboHistory.Row(epoch, trainLoss, testLoss));
            Path file = checkpoint(Checkpoints.Position.endOf(epoch), from.after(epoch, history));
            writeDerived(history);
            if (stop.requested() && epoch + 1 < plan.epochs()) {
                return new Outcome(history, file);
            }
        }
        return new Outcome(history, null);
    }

    /** Writes the checkpoint at {@code p} (the truth, so first), then prunes older ones. */
    private Path checkpoint(Checkpoints.Position p, TrainingProgress progress) {
        Path file = Checkpoints.file(plan.out(), p);
        writer.write(
                file, tmp -> session.saveCheckpoint(tmp, progress.lastDone(), progress.encode()));
        Checkpoints.prune(plan.out(), plan.keepCheckpoints(), p);
        return file;
    }

    /**
     * Makes {@code elbo.csv} and {@code elbo.png} show {@code history}; with no history yet they
     * are removed, as no checkpoint backs them.
     */
    private void writeDerived(ElboHistory history) {
        Path csv = plan.out().resolve(CSV);
        Path png = plan.out().resolve(PNG);
        if (history.rows().isEmpty()) {
            try {
                Files.deleteIfExists(csv);
                Files.deleteIfExists(png);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete a stale " + CSV + ": " + e, e);
            }
            return;
        }
        String text = history.toCsv();
        writer.write(csv, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
        BufferedImage chart = ElboChart.render(history);
        writer.write(png, tmp -> AtomicFiles.writePngTo(tmp, chart));
    }

    /** The test set's summed loss over its number of images, in order, no updates. */
    double testLoss(int epoch) {
        ProgressBar bar = bar(epoch, steps(test.size(), batchSize), " test");
        double loss = averageLoss(session, test, batchSize, bar);
        if (bar != null) {
            bar.clear();
        }
        return loss;
    }

    /**
     * The summed loss of {@code split}, evaluated in order in batches of {@code batchSize} without
     * updates, divided by its number of images (the tutorial's test loss).
     */
    public static double averageLoss(VaeSession session, MnistSplit split, int batchSize) {
        return averageLoss(session, split, batchSize, null);
    }

    /** {@link #averageLoss(VaeSession, MnistSplit, int)}, showing each batch on {@code bar}. */
    static double averageLoss(
            VaeSession session, MnistSplit split, int batchSize, ProgressBar bar) {
        int n = split.size();
        double sum = 0;
        for (int step = 0, from = 0;
                from < n;
                step++, from = (int) Math.min(n, (long) from + batchSize)) {
            int to = (int) Math.min(n, (long) from + batchSize);
            sum += session.evaluate(split.images(from, to), to - from);
            if (bar != null) {
                bar.update(step + 1, sum / to);
            }
        }
        return sum / n;
    }

    private ProgressBar bar(int epoch, int steps, String what) {
        return terminal.interactive()
                ? new ProgressBar(
                        terminal.out(), String.format("[epoch %03d]%s", epoch, what), steps)
                : null;
    }

    private void print(int epoch, String what, double loss) {
        terminal.out()
                .println(String.format(Locale.ROOT, "[epoch %03d] %s: %.4f", epoch, what, loss));
        terminal.out().flush();
    }
}
