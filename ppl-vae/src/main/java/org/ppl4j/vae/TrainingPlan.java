package org.ppl4j.vae;

import java.nio.file.Path;
import org.ppl4j.core.PplException;

/**
 * How the {@link Trainer} runs: epochs, evaluation schedule, data limits, where outputs go.
 *
 * @param epochs the number of epochs, counted from 0 as in the tutorial
 * @param testFrequency evaluate the test set when {@code epoch % testFrequency == 0}
 * @param limitTrain use only the first this many training images (0: all)
 * @param limitTest use only the first this many test images (0: all)
 * @param out the directory for {@code elbo.csv}, {@code elbo.png} and the checkpoints
 * @param resume a checkpoint to continue from, or null
 * @param keepCheckpoints how many of the newest epoch checkpoints to keep (0: all)
 */
public record TrainingPlan(
        int epochs,
        int testFrequency,
        int limitTrain,
        int limitTest,
        Path out,
        Path resume,
        int keepCheckpoints) {
    /** Checks the values (the command line checks them earlier with option names). */
    public TrainingPlan {
        if (epochs < 1
                || testFrequency < 1
                || limitTrain < 0
                || limitTest < 0
                || keepCheckpoints < 0
                || out == null) {
            throw new PplException(
                    "TrainingPlan: epochs and testFrequency must be >= 1, limits and"
                            + " keepCheckpoints >= 0, out set; got epochs="
                            + epochs
                            + ", testFrequency="
                            + testFrequency
                            + ", limitTrain="
                            + limitTrain
                            + ", limitTest="
                            + limitTest
                            + ", keepCheckpoints="
                            + keepCheckpoints
                            + ", out="
                            + out);
        }
    }
}
