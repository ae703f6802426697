package org.ppl4j.vae.output;

import de.javagl.tsne.Tsne;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ppl4j.core.PplException;

/**
 * The tutorial's Figure 5: latent means embedded in 2-D by t-SNE (Barnes-Hut, from the {@code
 * de.javagl:bh-tsne} library) and drawn as a scatter plot coloured by digit.
 */
public final class LatentMap {
    /** Matplotlib's tab10 colours, one per digit, as the tutorial's plot uses. */
    private static final Color[] DIGIT_COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)
    };

    private static final int SIZE = 800;

    private LatentMap() {}

    /** The largest perplexity t-SNE accepts for {@code n} points: {@code (n - 2) / 3}. */
    public static double maxPerplexity(int n) {
        return (n - 2) / 3.0;
    }

    /**
     * The 2-D t-SNE embedding of {@code n} points of {@code dims} values each (flat), seeded for
     * repeatability; {@code progress} hears fractions in [0, 1].
     */
    public static double[][] embed(
            float[] points,
            int n,
            int dims,
            double perplexity,
            int iterations,
            long seed,
            DoubleConsumer progress) {
        if (perplexity <= 0 || perplexity > maxPerplexity(n)) {
            throw new PplException(
                    String.format(
                            Locale.ROOT,
                            "t-SNE: perplexity %.1f does not fit %d points (it must be in (0,"
                                    + " %.1f]); lower --perplexity or embed more --points",
                            perplexity,
                            n,
                            maxPerplexity(n)));
        }
        double[][] x = new double[n][dims];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dims; j++) {
                x[i][j] = points[i * dims + j];
            }
        }
        Tsne tsne = new Tsne();
        tsne.setOutputDims(2);
        tsne.setInitialDims(0); // no PCA first, like scikit-learn's TSNE in the tutorial
        tsne.setPerplexity(perplexity);
        tsne.setMaxIterations(iterations);
        tsne.setRandomSeed(seed);
        tsne.setMessageConsumer(null);
        tsne.setProgressConsumer(progress);
        double[][] y = tsne.run(x);
        if (y == null) {
            throw new PplException("t-SNE was interrupted");
        }
        return y;
    }

    /**
     * A scatter plot of {@code xy} with one colour and legend entry per digit in {@code labels}.
     */
    public static BufferedImage render(double[][] xy, int[] labels, String title) {
        XYChart chart =
                new XYChartBuilder()
                        .width(SIZE)
                        .height(SIZE)
                        .title(title)
                        .xAxisTitle("t-SNE 1")
                        .yAxisTitle("t-SNE 2")
                        .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int digit = 0; digit <= 9; digit++) {
            int count = 0;
            for (int l : labels) {
                count += l == digit ? 1 : 0;
            }
            if (count == 0) {
                continue;
            }
            double[] xs = new double[count];
            double[] ys = new double[count];
            for (int i = 0, k = 0; i < labels.length; i++) {
                if (labels[i] == digit) {
                    xs[k] = xy[i][0];
                    ys[k++] = xy[i][1];
                }
            }
            XYSeries s = chart.addSeries(Integer.toString(digit), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(DIGIT_COLORS[digit]);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The embedding as CSV: {@code x,y,label} per point. */
    public static String toCsv(double[][] xy, int[] labels) {
        StringBuilder s = new StringBuilder("x,y,label\n");
        for (int i = 0; i < labels.length; i++) {
            s.append(xy[i][0]).append(',').append(xy[i][1]).append(',').append(labels[i]);
            s.append('\n');
        }
        return s.toString();
    }
}
