package org.ppl4j.vae;

import java.nio.file.Path;
import java.util.Map;
import org.ppl4j.vae.mnist.MnistSplit;

/**
 * The numeric side of the MNIST VAE as the command-line app drives it: the model, guide, optimizer,
 * parameters and random stream behind a few array-in, array-out calls.
 *
 * <p>Arrays are flat and row-major: {@code n} images are {@code n * 784} floats in [0, 1] (pixel
 * {@code byte / 255}), {@code n} latents are {@code n * zDim()} floats; every array passed in has
 * exactly that length and is not kept. All randomness (noise, minibatch order, prior draws) comes
 * from the session's own stream, seeded by {@link VaeSettings#seed()}, so one seed gives one run. A
 * session belongs to one thread.
 *
 * <p>Implementations are bound in Guice (see {@link VaeSessionModule}) and may inject {@link
 * VaeSettings} and {@link org.ppl4j.spi.Backend}.
 *
 * <pre>{@code
 * double epochLoss = 0;
 * int[] order = session.permutation(train.size());
 * for (int i = 0; i < train.size(); i += 256) {
 *     int n = Math.min(256, train.size() - i);
 *     epochLoss += session.trainStep(train.images(order, i, i + n), n);
 * }
 * double average = epochLoss / train.size();   // what the tutorial prints
 * }</pre>
 */
public interface VaeSession extends AutoCloseable {
    /** The number of latent dimensions ({@code z_dim}). */
    int zDim();

    /**
     * One SVI step on a minibatch (Pyro's {@code svi.step(x)}): updates the parameters and returns
     * the loss, the negative ELBO summed over the {@code n} images (not averaged).
     */
    double trainStep(float[] images, int n);

    /**
     * One SVI step on the minibatch of images {@code order[from..to)} of {@code split} (positions
     * in the split, which are the examples' ids): what the trainer calls. By default {@link
     * #trainStep(float[], int)} on those images; a session that keys its noise by example, or whose
     * images are elsewhere (on a cluster's executors), uses the ids.
     */
    default double trainStep(MnistSplit split, int[] order, int from, int to) {
        return trainStep(split.images(order, from, to), to - from);
    }

    /**
     * The loss of a minibatch without touching the parameters or optimizer (Pyro's {@code
     * svi.evaluate_loss(x)}): the negative ELBO summed over the {@code n} images. It may draw noise
     * from the stream.
     */
    double evaluate(float[] images, int n);

    /**
     * A uniformly random permutation of {@code 0..n-1} from the session's stream (the trainer draws
     * one at the start of every epoch to shuffle the training set, as the tutorial's {@code
     * DataLoader(shuffle=True)} does).
     */
    int[] permutation(int n);

    /** {@code n} draws from the prior {@code N(0, I)}: {@code n * zDim()} floats. */
    float[] samplePrior(int n);

    /** The decoder's Bernoulli means for {@code n} latents: {@code n * 784} floats in [0, 1]. */
    float[] decode(float[] z, int n);

    /**
     * The tutorial's {@code reconstruct_img}: encode, draw {@code z ~ q(z|x)}, decode; {@code n *
     * 784} floats in [0, 1].
     */
    float[] reconstruct(float[] images, int n);

    /** The encoder's means {@code z_loc} for {@code n} images: {@code n * zDim()} floats. */
    float[] encodeMeans(float[] images, int n);

    /**
     * Restarts the random stream at {@code seed} (the app calls it after {@link #loadCheckpoint}
     * when it draws samples, so {@code --seed} picks them).
     */
    void seed(long seed);

    /**
     * What {@link #restore} read from a checkpoint.
     *
     * @param epoch the last epoch completed, as given to {@link #saveCheckpoint}
     * @param appState the entries given to {@link #saveCheckpoint}, as they were
     */
    record Loaded(int epoch, Map<String, String> appState) {}

    /**
     * Writes everything needed to continue training exactly where it stands: parameters, optimizer
     * state, random-stream state, {@code epoch} (the last epoch completed, 0-based), the settings
     * that shape the model ({@code zDim}, {@code hidden}) so a mismatch can be told, and the
     * caller's {@code appState} (the trainer keeps its ELBO history there).
     *
     * <p>{@code file} is a temporary file the caller creates (it exists and is empty) and then
     * moves atomically over the real name: write to exactly this path, overwriting it. The same
     * state and arguments must give the same bytes.
     */
    void saveCheckpoint(Path file, int epoch, Map<String, String> appState);

    /** {@link #saveCheckpoint(Path, int, Map)} with no app state. */
    default void saveCheckpoint(Path file, int epoch) {
        saveCheckpoint(file, epoch, Map.of());
    }

    /**
     * Restores what {@link #saveCheckpoint} wrote and returns its epoch and app state. Fails with a
     * {@link org.ppl4j.core.PplException} naming the file when it is not a checkpoint, holds a
     * value that is not finite, or does not fit this session's settings (say which setting and the
     * value the checkpoint holds); then the session is as it was.
     */
    Loaded restore(Path file);

    /** {@link #restore}, returning the epoch only. */
    default int loadCheckpoint(Path file) {
        return restore(file).epoch();
    }

    /** Releases the parameters and any native memory. */
    @Override
    void close();
}
