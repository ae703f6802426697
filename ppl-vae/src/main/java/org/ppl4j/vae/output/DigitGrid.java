package org.ppl4j.vae.output;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import org.ppl4j.core.PplException;

/**
 * Lays 28 x 28 images out in a grid, as torchvision's {@code make_grid} does for the tutorial's
 * figures: white strokes on black, a 2-pixel black border between cells, each pixel enlarged {@code
 * scale} times.
 *
 * <pre>{@code
 * BufferedImage grid = DigitGrid.render(session.decode(session.samplePrior(64), 64), 64, 8, 2);
 * AtomicFiles.writePng(out.resolve("samples.png"), grid);
 * }</pre>
 */
public final class DigitGrid {
    /** The side of one image in pixels. */
    public static final int SIDE = 28;

    private static final int PAD = 2;

    private DigitGrid() {}

    /**
     * A grayscale image of {@code n} images (flat, {@code n * 784} values in [0, 1], clamped),
     * {@code columns} per row.
     */
    public static BufferedImage render(float[] images, int n, int columns, int scale) {
        if (n < 1 || columns < 1 || scale < 1 || images.length != n * SIDE * SIDE) {
            throw new PplException(
                    "DigitGrid: need n, columns, scale >= 1 and n * 784 values; got n="
                            + n
                            + ", columns="
                            + columns
                            + ", scale="
                            + scale
                            + ", "
                            + images.length
                            + " values");
        }
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int cell = SIDE * scale + PAD;
        BufferedImage img =
                new BufferedImage(
                        cols * cell + PAD, rows * cell + PAD, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        for (int k = 0; k < n; k++) {
            int x0 = PAD + (k % cols) * cell;
            int y0 = PAD + (k / cols) * cell;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    float v = images[k * SIDE * SIDE + y * SIDE + x];
                    int g = Math.round(255f * Math.max(0f, Math.min(1f, v)));
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            raster.setSample(x0 + x * scale + dx, y0 + y * scale + dy, 0, g);
                        }
                    }
                }
            }
        }
        return img;
    }

    /**
     * Originals beside their reconstructions: each cell pair is original then reconstruction,
     * {@code pairs} pairs per row.
     */
    public static BufferedImage pairs(
            float[] originals, float[] reconstructions, int n, int pairs, int scale) {
        if (originals.length != reconstructions.length) {
            throw new PplException(
                    "DigitGrid.pairs: "
                            + originals.length
                            + " original values but "
                            + reconstructions.length
                            + " reconstructed");
        }
        int px = SIDE * SIDE;
        float[] both = new float[2 * originals.length];
        for (int k = 0; k < n; k++) {
            System.arraycopy(originals, k * px, both, 2 * k * px, px);
            System.arraycopy(reconstructions, k * px, both, (2 * k + 1) * px, px);
        }
        return render(both, 2 * n, 2 * pairs, scale);
    }
}
