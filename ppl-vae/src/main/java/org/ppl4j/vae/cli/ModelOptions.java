package org.ppl4j.vae.cli;

import org.ppl4j.vae.VaeSettings;
import picocli.CommandLine.Option;

/** The options every command shares: backend, model shape, seed, batch size, threads. */
final class ModelOptions {
    @Option(
            names = "--backend",
            paramLabel = "NAME",
            description =
                    "Tensor backend (nd4j, tf, ...); default: -Dppl.backend, PPL_BACKEND, or the"
                            + " only one on the class path.")
    String backend;

    @Option(
            names = "--z-dim",
            paramLabel = "N",
            defaultValue = "50",
            description = "Latent dimensions (default: ${DEFAULT-VALUE}).")
    int zDim;

    @Option(
            names = "--hidden",
            paramLabel = "N",
            defaultValue = "400",
            description = "Hidden units of encoder and decoder (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "Seed of the random stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "256",
            description = "Images per minibatch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "CPU threads for the backend; 0 lets the backend choose (default).")
    int threads;

    @Option(
            names = "--jit",
            negatable = true,
            description =
                    "Compile each SVI step (and test-set evaluation) into one program, run by"
                            + " the backend's compiler (tf) or replayed op by op (nd4j); --no-jit"
                            + " runs every op eagerly (default: --jit).")
    Boolean jit;

    void check(OptionChecks c) {
        c.backend(backend);
        c.atLeast("--z-dim", zDim, 1);
        c.atLeast("--hidden", hidden, 1);
        c.atLeast("--batch-size", batchSize, 1);
        c.atLeast("--threads", threads, 0);
    }

    VaeSettings settings(double learningRate) {
        return new VaeSettings(backend, zDim, hidden, learningRate, seed, batchSize, threads, jit);
    }
}
