package org.ppl4j.vae.output;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The tutorial's Figure 3: the ELBO (the negative average loss) against the epoch, for the training
 * set and, where it was evaluated, the test set.
 */
public final class ElboChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private ElboChart() {}

    /** The chart of {@code history} as an image; an empty history gives empty axes. */
    public static BufferedImage render(ElboHistory history) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("ELBO during training")
                        .xAxisTitle("epoch")
                        .yAxisTitle("ELBO (nats per image)")
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        List<ElboHistory.Row> rows = history.rows();
        if (!rows.isEmpty()) {
            XYSeries train =
                    chart.addSeries(
                            "train",
                            rows.stream().mapToDouble(ElboHistory.Row::epoch).toArray(),
                            rows.stream().mapToDouble(r -> -r.trainLoss()).toArray());
            train.setMarker(SeriesMarkers.NONE);
            List<ElboHistory.Row> tested = rows.stream().filter(ElboHistory.Row::tested).toList();
            if (!tested.isEmpty()) {
                chart.addSeries(
                                "test",
                                tested.stream().mapToDouble(ElboHistory.Row::epoch).toArray(),
                                tested.stream().mapToDouble(r -> -r.testLoss()).toArray())
                        .setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Renders {@code history} to a PNG at {@code file}, atomically. */
    public static void write(ElboHistory history, Path file) {
        AtomicFiles.writePng(file, render(history));
    }
}
