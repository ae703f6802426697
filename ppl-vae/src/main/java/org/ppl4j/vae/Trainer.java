package org.ppl4j.vae;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * for the test set without updating. After each epoch it writes {@code elbo.csv}, {@code elbo.png}
 * and a checkpoint into the output directory, each atomically.
 *
 * <pre>{@code
 * new Trainer(session, mnist, settings, plan, Terminal.system()).run(-1);
 * }</pre>
 */
public final class Trainer {
    /** The name of the loss history in the output directory. */
    public static final String CSV = "elbo.csv";

    /** The name of the ELBO chart in the output directory. */
    public static final String PNG = "elbo.png";

    private final VaeSession session;
    private final MnistSplit train;
    private final MnistSplit test;
    private final int batchSize;
    private final TrainingPlan plan;
    private final Terminal terminal;

    /** A trainer of {@code session} on {@code mnist} as {@code settings} and {@code plan} say. */
    public Trainer(
            VaeSession session,
            Mnist mnist,
            VaeSettings settings,
            TrainingPlan plan,
            Terminal terminal) {
        this.session = session;
        this.train = limit(mnist.train(), plan.limitTrain());
        this.test = limit(mnist.test(), plan.limitTest());
        this.batchSize = settings.batchSize();
        this.plan = plan;
        this.terminal = terminal;
    }

    private static MnistSplit limit(MnistSplit s, int n) {
        return n > 0 ? s.first(n) : s;
    }

    /**
     * Trains from the epoch after {@code lastDone} ({@code -1}: from the start; else the session
     * was restored from that epoch's checkpoint) to the plan's last epoch; returns the history.
     */
    public ElboHistory run(int lastDone) {
        Path out = plan.out();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create --out " + out + ": " + e, e);
        }
        ElboHistory history = ElboHistory.empty();
        Path csv = out.resolve(CSV);
        if (lastDone >= 0 && Files.exists(csv)) {
            history = ElboHistory.read(csv).upTo(lastDone);
        }
        for (int epoch = lastDone + 1; epoch < plan.epochs(); epoch++) {
            long start = System.nanoTime();
            double trainLoss = trainEpoch(epoch);
            double seconds = (System.nanoTime() - start) / 1e9;
            print(epoch, "average training loss", trainLoss);
            int steps = (train.size() + batchSize - 1) / batchSize;
            terminal.err()
                    .println(
                            String.format(
                                    Locale.ROOT,
                                    "[epoch %03d] %d steps in %.2f s (%.1f steps/s)",
                                    epoch,
                                    steps,
                                    seconds,
                                    steps / seconds));
            double testLoss = Double.NaN;
            if (epoch % plan.testFrequency() == 0) {
                testLoss = testLoss(epoch);
                print(epoch, "average test loss", testLoss);
            }
            history = history.with(new ElboHistory.Row(epoch, trainLoss, testLoss));
            history.write(csv);
            ElboChart.write(history, out.resolve(PNG));
            int done = epoch;
            AtomicFiles.write(
                    Checkpoints.file(out, epoch), tmp -> session.saveCheckpoint(tmp, done));
            Checkpoints.prune(out, plan.keepCheckpoints());
        }
        return history;
    }

    /** One pass over the shuffled training set; the summed loss over the number of images. */
    double trainEpoch(int epoch) {
        int n = train.size();
        int[] order = session.permutation(n);
        int steps = (n + batchSize - 1) / batchSize;
        ProgressBar bar = bar(epoch, steps, "");
        double sum = 0;
        for (int step = 0, from = 0; from < n; step++, from += batchSize) {
            int to = Math.min(n, from + batchSize);
            sum += session.trainStep(train.images(order, from, to), to - from);
            if (bar != null) {
                bar.update(step + 1, sum / to);
            }
        }
        if (bar != null) {
            bar.clear();
        }
        return sum / n;
    }

    /** The test set's summed loss over its number of images, in order, no updates. */
    double testLoss(int epoch) {
        ProgressBar bar = bar(epoch, (test.size() + batchSize - 1) / batchSize, " test");
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
        for (int step = 0, from = 0; from < n; step++, from += batchSize) {
            int to = Math.min(n, from + batchSize);
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
