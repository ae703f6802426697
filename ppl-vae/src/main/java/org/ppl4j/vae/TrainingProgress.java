package org.ppl4j.vae;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ppl4j.core.PplException;
import org.ppl4j.vae.output.ElboHistory;

/**
 * Where a run stands, as its checkpoint records it beside the numbers: the whole ELBO history and,
 * for a checkpoint written by a graceful stop inside an epoch, how far into that epoch it got. With
 * it a checkpoint alone is enough to continue a run and to rebuild {@code elbo.csv} and {@code
 * elbo.png}, which are only derived from it.
 *
 * <pre>{@code
 * session.saveCheckpoint(tmp, epoch, progress.after(epoch, history).encode());
 * TrainingProgress p = TrainingProgress.decode(session.restore(file), file);
 * }</pre>
 *
 * @param lastDone the last epoch completed, -1 before the first
 * @param history the rows of epochs {@code 0..lastDone}
 * @param partial how far into epoch {@code lastDone + 1} training got, or null at an epoch's end
 * @param learningRate the learning rate the run trains with (Adam's state in the checkpoint holds
 *     it too), NaN when a checkpoint does not say
 */
public record TrainingProgress(
        int lastDone, ElboHistory history, Partial partial, double learningRate) {
    /**
     * Progress inside an epoch.
     *
     * @param nextStep the first step not yet taken
     * @param lossSum the summed loss of the steps taken, exactly
     * @param order the epoch's permutation of the training set
     */
    public record Partial(int nextStep, double lossSum, int[] order) {}

    private static final String HISTORY = "history";
    private static final String LR = "lr";
    private static final String STEP = "partial/step";
    private static final String SUM = "partial/lossSum";
    private static final String ORDER = "partial/order";

    /** Checks that the history ends at {@code lastDone}. */
    public TrainingProgress {
        if (history.lastEpoch() != lastDone && !history.rows().isEmpty()) {
            throw new PplException(
                    "TrainingProgress: the history ends at epoch "
                            + history.lastEpoch()
                            + " but the last epoch done is "
                            + lastDone);
        }
    }

    /** Before the first step of a run with {@code learningRate}. */
    public static TrainingProgress fresh(double learningRate) {
        return new TrainingProgress(-1, ElboHistory.empty(), null, learningRate);
    }

    /** The progress at the end of epoch {@code lastDone} with {@code history}. */
    public TrainingProgress after(int lastDone, ElboHistory history) {
        return new TrainingProgress(lastDone, history, null, learningRate);
    }

    /** The progress {@code partial} into the epoch after {@code lastDone}. */
    public TrainingProgress stopped(Partial partial) {
        return new TrainingProgress(lastDone, history, partial, learningRate);
    }

    /** The epoch training continues with. */
    public int nextEpoch() {
        return lastDone + 1;
    }

    /** The string entries a session stores in its checkpoint (see {@link #decode}). */
    public Map<String, String> encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(HISTORY, history.toCsv());
        m.put(LR, Double.toString(learningRate));
        if (partial != null) {
            m.put(STEP, Integer.toString(partial.nextStep()));
            m.put(SUM, Long.toHexString(Double.doubleToRawLongBits(partial.lossSum())));
            ByteBuffer b = ByteBuffer.allocate(4 * partial.order().length);
            b.asIntBuffer().put(partial.order());
            m.put(ORDER, Base64.getEncoder().encodeToString(b.array()));
        }
        return m;
    }

    /**
     * The progress {@code loaded} from {@code file} records. A checkpoint written before the
     * history was kept in it has none: then the history is empty and {@link #knowsHistory} says so.
     */
    public static TrainingProgress decode(VaeSession.Loaded loaded, Path file) {
        Map<String, String> m = loaded.appState();
        ElboHistory history = ElboHistory.empty();
        if (m.containsKey(HISTORY)) {
            history = ElboHistory.parse(m.get(HISTORY), file + " (its ELBO history)");
        }
        Partial partial = null;
        if (m.containsKey(STEP)) {
            try {
                ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(m.get(ORDER)));
                int[] order = new int[b.remaining() / 4];
                b.asIntBuffer().get(order);
                partial =
                        new Partial(
                                Integer.parseInt(m.get(STEP)),
                                Double.longBitsToDouble(Long.parseUnsignedLong(m.get(SUM), 16)),
                                order);
            } catch (RuntimeException e) {
                throw new PplException(
                        file
                                + ": its record of a stopped epoch (keys partial/...) is damaged ("
                                + e.getMessage()
                                + "); resume from the checkpoint of an earlier epoch",
                        e);
            }
        }
        double lr = Double.NaN;
        if (m.containsKey(LR)) {
            try {
                lr = Double.parseDouble(m.get(LR));
            } catch (NumberFormatException e) {
                throw new PplException(
                        file + ": its learning rate '" + m.get(LR) + "' is not a number", e);
            }
        }
        int lastDone = loaded.epoch();
        if (!history.rows().isEmpty() && history.lastEpoch() != lastDone) {
            throw new PplException(
                    file
                            + " is at epoch "
                            + lastDone
                            + " but its ELBO history ends at epoch "
                            + history.lastEpoch()
                            + "; the file is damaged, resume from another checkpoint");
        }
        return new TrainingProgress(lastDone, history, partial, lr);
    }

    /** Whether the checkpoint carried its history (every one this version writes does). */
    public boolean knowsHistory() {
        return lastDone < 0 || !history.rows().isEmpty();
    }
}
