package org.ppl4j.vae.mnist;

import org.ppl4j.core.PplException;

/**
 * One part of MNIST (train or test): images and their digit labels, immutable.
 *
 * <p>Pixels are kept as the file's bytes and handed out as float32 {@code byte / 255}, so 60000
 * images take 47 MB, not 188; a batch is built on request in the order given.
 *
 * <pre>{@code
 * int[] order = session.permutation(train.size());
 * float[] batch = train.images(order, 0, 256);   // 256 * 784 values in [0, 1]
 * }</pre>
 */
public final class MnistSplit {
    /** Pixels per image (28 x 28). */
    public static final int PIXELS = 784;

    private final String name;
    private final byte[] pixels;
    private final byte[] labels;
    private final int size;

    /** A split named {@code name} over {@code size} images; the arrays are not copied. */
    MnistSplit(String name, byte[] pixels, byte[] labels, int size) {
        if ((long) size * PIXELS > pixels.length || size > labels.length) {
            throw new PplException(
                    "MNIST "
                            + name
                            + ": "
                            + size
                            + " images need "
                            + (long) size * PIXELS
                            + " pixels and as many labels, got "
                            + pixels.length
                            + " and "
                            + labels.length);
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.size = size;
    }

    /** {@code "train"} or {@code "test"}. */
    public String name() {
        return name;
    }

    /** The number of images. */
    public int size() {
        return size;
    }

    /** The digit (0-9) of image {@code i}. */
    public int label(int i) {
        return labels[checkIndex(i)];
    }

    /** The labels of images {@code from} (inclusive) to {@code to} (exclusive). */
    public int[] labels(int from, int to) {
        checkRange(from, to);
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = labels[i];
        }
        return out;
    }

    /** Images {@code from} to {@code to} (exclusive), flat: {@code (to - from) * 784} floats. */
    public float[] images(int from, int to) {
        checkRange(from, to);
        float[] out = new float[(to - from) * PIXELS];
        for (int i = from; i < to; i++) {
            copy(i, out, i - from);
        }
        return out;
    }

    /** The images {@code order[from..to)}, flat, in that order. */
    public float[] images(int[] order, int from, int to) {
        if (from < 0 || to > order.length || from > to) {
            throw new PplException(
                    "MNIST " + name + ": range [" + from + ", " + to + ") outside the order array");
        }
        float[] out = new float[(to - from) * PIXELS];
        for (int k = from; k < to; k++) {
            copy(checkIndex(order[k]), out, k - from);
        }
        return out;
    }

    /** The 784 pixel bytes of image {@code i} (a copy), as the file holds them. */
    public byte[] pixels(int i) {
        int from = checkIndex(i) * PIXELS;
        return java.util.Arrays.copyOfRange(pixels, from, from + PIXELS);
    }

    /** The first {@code n} images (all of them when {@code n >= size()}), sharing the data. */
    public MnistSplit first(int n) {
        if (n < 0) {
            throw new PplException("MNIST " + name + ": cannot take " + n + " images");
        }
        return n >= size ? this : new MnistSplit(name, pixels, labels, n);
    }

    private void copy(int image, float[] out, int slot) {
        int src = image * PIXELS;
        int dst = slot * PIXELS;
        for (int p = 0; p < PIXELS; p++) {
            out[dst + p] = (pixels[src + p] & 0xFF) / 255f;
        }
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new PplException("MNIST " + name + ": image " + i + " outside 0.." + (size - 1));
        }
        return i;
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new PplException(
                    "MNIST " + name + ": range [" + from + ", " + to + ") outside 0.." + size);
        }
    }

    /** E.g. {@code MnistSplit(train, 60000 images)}. */
    @Override
    public String toString() {
        return "MnistSplit(" + name + ", " + size + " images)";
    }
}
