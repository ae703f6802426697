package org.ppl4j.vae;

import java.nio.file.Path;
import org.ppl4j.vae.idx.IdxWriter;
import org.ppl4j.vae.mnist.MnistFile;

/**
 * Small MNIST-shaped data sets written to a temporary directory: image {@code i} has label {@code i
 * % 10} and lights the pixels whose index is congruent to its label modulo 10, so digits form
 * clusters.
 */
public final class SyntheticMnist {
    private SyntheticMnist() {}

    /** The pixels of {@code n} images, as unsigned bytes. */
    public static byte[] pixels(int n, int salt) {
        byte[] px = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                int v = p % 10 == i % 10 ? 200 + (i * 7 + p + salt) % 56 : (i * 13 + p * 3) % 20;
                px[i * 784 + p] = (byte) v;
            }
        }
        return px;
    }

    /** The labels of {@code n} images. */
    public static byte[] labels(int n) {
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i % 10);
        }
        return l;
    }

    /** Writes the four files into {@code dir}, gzip-compressed when {@code gz}. */
    public static void write(Path dir, int train, int test, boolean gz) {
        writeImages(dir, MnistFile.TRAIN_IMAGES, pixels(train, 0), train, gz);
        writeLabels(dir, MnistFile.TRAIN_LABELS, labels(train), gz);
        writeImages(dir, MnistFile.TEST_IMAGES, pixels(test, 1), test, gz);
        writeLabels(dir, MnistFile.TEST_LABELS, labels(test), gz);
    }

    static void writeImages(Path dir, MnistFile f, byte[] px, int n, boolean gz) {
        IdxWriter.write(dir.resolve(gz ? f.gzName() : f.rawName()), new int[] {n, 28, 28}, px);
    }

    static void writeLabels(Path dir, MnistFile f, byte[] labels, boolean gz) {
        IdxWriter.write(
                dir.resolve(gz ? f.gzName() : f.rawName()), new int[] {labels.length}, labels);
    }

    /** The mean of the per-image mean pixel (in [0, 1]) of {@code n} images made with salt. */
    public static double meanPixel(int n, int salt) {
        byte[] px = pixels(n, salt);
        double s = 0;
        for (byte b : px) {
            s += (b & 0xFF) / 255f;
        }
        return s / px.length;
    }
}
