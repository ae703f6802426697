package org.ppl4j.vae;

import org.ppl4j.core.PplException;

/**
 * The settings that shape the model and its numbers, shared by every command and bound in Guice for
 * the {@link VaeSession} implementation.
 *
 * @param backend the backend's name, or null for the default ({@code -Dppl.backend}, {@code
 *     PPL_BACKEND}, or the only one)
 * @param zDim latent dimensions (tutorial: 50)
 * @param hidden hidden units of encoder and decoder (tutorial: 400)
 * @param learningRate Adam's learning rate (tutorial: 1e-3)
 * @param seed the seed of the random stream
 * @param batchSize the minibatch size (tutorial: 256); also the chunk size of evaluation
 * @param threads CPU threads for the backend, or 0 for its default
 * @param jit whether SVI steps and evaluations are compiled ({@code Svi.compiled()}); null: the
 *     default, compiled
 * @param keyedNoise whether training draws each image's noise from a stream keyed by (seed, step,
 *     image) rather than the run's stream ({@code Handlers.keyedNoise}), as data-parallel training
 *     must; null: as the checkpoint resumed says, else not
 */
public record VaeSettings(
        String backend,
        int zDim,
        int hidden,
        double learningRate,
        long seed,
        int batchSize,
        int threads,
        Boolean jit,
        Boolean keyedNoise) {
    /** Settings with the default noise (the run's stream unless a checkpoint says otherwise). */
    public VaeSettings(
            String backend,
            int zDim,
            int hidden,
            double learningRate,
            long seed,
            int batchSize,
            int threads,
            Boolean jit) {
        this(backend, zDim, hidden, learningRate, seed, batchSize, threads, jit, null);
    }

    /** Settings with the default compilation choice (compiled). */
    public VaeSettings(
            String backend,
            int zDim,
            int hidden,
            double learningRate,
            long seed,
            int batchSize,
            int threads) {
        this(backend, zDim, hidden, learningRate, seed, batchSize, threads, null, null);
    }

    /** The same settings with {@link #jit()} set. */
    public VaeSettings withJit(Boolean on) {
        return new VaeSettings(
                backend, zDim, hidden, learningRate, seed, batchSize, threads, on, keyedNoise);
    }

    /** The same settings with {@link #keyedNoise()} set. */
    public VaeSettings withKeyedNoise(Boolean on) {
        return new VaeSettings(
                backend, zDim, hidden, learningRate, seed, batchSize, threads, jit, on);
    }

    /** Checks the values (the command line checks them earlier with option names). */
    public VaeSettings {
        if (zDim < 1 || hidden < 1 || batchSize < 1 || threads < 0) {
            throw new PplException(
                    "VaeSettings: zDim, hidden and batchSize must be >= 1 and threads >= 0, got "
                            + zDim
                            + ", "
                            + hidden
                            + ", "
                            + batchSize
                            + ", "
                            + threads);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new PplException(
                    "VaeSettings: learningRate must be a positive number, got " + learningRate);
        }
    }
}
