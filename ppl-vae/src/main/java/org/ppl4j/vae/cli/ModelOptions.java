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

    /** The most elements one tensor holds: its host copy is one Java array. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8L;

    /** Images per MNIST training set, the most a minibatch holds whatever --batch-size says. */
    private static final int MNIST_TRAIN = 60_000;

    void check(OptionChecks c) {
        c.backend(backend);
        c.atLeast("--z-dim", zDim, 1);
        c.atLeast("--hidden", hidden, 1);
        c.atLeast("--batch-size", batchSize, 1);
        c.atLeast("--threads", threads, 0);
        if (zDim < 1 || hidden < 1 || batchSize < 1) {
            return;
        }
        if (784L * hidden > MAX_ELEMENTS) {
            c.add(
                    "--hidden "
                            + hidden
                            + " makes the encoder's first weights 784 x "
                            + hidden
                            + ", more elements than a tensor holds ("
                            + MAX_ELEMENTS
                            + "); use at most --hidden "
                            + MAX_ELEMENTS / 784);
        } else if ((long) zDim * hidden > MAX_ELEMENTS) {
            c.add(
                    "--z-dim "
                            + zDim
                            + " with --hidden "
                            + hidden
                            + " makes weights of "
                            + hidden
                            + " x "
                            + zDim
                            + ", more elements than a tensor holds ("
                            + MAX_ELEMENTS
                            + "); lower --z-dim or --hidden");
        } else if ((long) Math.min(batchSize, MNIST_TRAIN) * Math.max(hidden, zDim)
                > MAX_ELEMENTS) {
            c.add(
                    "--batch-size "
                            + batchSize
                            + " with --hidden "
                            + hidden
                            + " and --z-dim "
                            + zDim
                            + " makes activations of "
                            + Math.min(batchSize, MNIST_TRAIN)
                            + " x "
                            + Math.max(hidden, zDim)
                            + ", more elements than a tensor holds; lower --batch-size, --hidden"
                            + " or --z-dim");
        }
    }

    /** The model's number of parameters (encoder 784-h-2z, decoder z-h-784). */
    long params() {
        long h = hidden;
        long z = zDim;
        return (784 * h + h) + 2 * (h * z + z) + (z * h + h) + (h * 784 + 784);
    }

    /**
     * What the model needs, for an out-of-memory message: the params with gradients and Adam's two
     * moments, and one minibatch's activations.
     */
    String sizeNeeded() {
        long mib = 1 << 20;
        long batch = Math.min(batchSize, MNIST_TRAIN);
        return String.format(
                java.util.Locale.ROOT,
                "--hidden %d --z-dim %d --batch-size %d need %,d params, about %,d MiB with"
                        + " gradients and Adam's moments, plus about %,d MiB per minibatch",
                hidden,
                zDim,
                batchSize,
                params(),
                params() * 4 * 4 / mib,
                batch * (2 * 784L + 2 * hidden + 3 * zDim) * 4 * 3 / mib);
    }

    VaeSettings settings(double learningRate) {
        return new VaeSettings(backend, zDim, hidden, learningRate, seed, batchSize, threads, jit);
    }
}
