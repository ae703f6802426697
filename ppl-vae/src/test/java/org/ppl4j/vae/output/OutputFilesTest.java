package org.ppl4j.vae.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir Path dir;

    private long fileCount() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("elbo.csv");
        Files.writeString(f, "old");
        assertThatThrownBy(
                        () ->
                                AtomicFiles.write(
                                        f,
                                        tmp -> {
                                            Files.writeString(tmp, "half");
                                            throw new IOException("disk full");
                                        }))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        assertThat(fileCount()).isEqualTo(1);
    }

    @Test
    void historyRoundTripsThroughCsv() {
        ElboHistory h =
                ElboHistory.empty()
                        .with(new ElboHistory.Row(0, 190.5, 170.25))
                        .with(new ElboHistory.Row(1, 150.125, Double.NaN));
        assertThat(h.toCsv()).isEqualTo("epoch,train_loss,test_loss\n0,190.5,170.25\n1,150.125,\n");
        Path f = dir.resolve("elbo.csv");
        h.write(f);
        ElboHistory back = ElboHistory.read(f);
        assertThat(back.rows()).isEqualTo(h.rows());
        assertThat(back.upTo(0).lastEpoch()).isEqualTo(0);
        assertThatThrownBy(() -> h.with(new ElboHistory.Row(1, 1, 1)))
                .hasMessageContaining("does not follow");
    }

    @Test
    void aForeignCsvIsRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("elbo.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> ElboHistory.read(f)).hasMessageContaining("not an ELBO history");
    }

    @Test
    void elboChartIsAPng() throws IOException {
        Path f = dir.resolve("elbo.png");
        ElboChart.write(
                ElboHistory.empty()
                        .with(new ElboHistory.Row(0, 190, 170))
                        .with(new ElboHistory.Row(1, 150, Double.NaN)),
                f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(500);
    }

    @Test
    void digitGridPlacesWhiteStrokesOnBlack() {
        float[] x = new float[2 * 784];
        x[0] = 1f; // top-left pixel of the first image
        x[784 + 27] = 0.5f; // top-right pixel of the second
        BufferedImage g = DigitGrid.render(x, 2, 2, 1);
        assertThat(g.getWidth()).isEqualTo(2 + 2 * 30);
        assertThat(g.getHeight()).isEqualTo(2 + 30);
        assertThat(g.getRaster().getSample(2, 2, 0)).isEqualTo(255);
        assertThat(g.getRaster().getSample(2 + 30 + 27, 2, 0)).isEqualTo(128);
        assertThat(g.getRaster().getSample(3, 2, 0)).isZero();
        assertThatThrownBy(() -> DigitGrid.render(new float[5], 1, 1, 1))
                .hasMessageContaining("n * 784");
    }

    @Test
    void checkpointsAreNamedByEpochAndPruned() throws IOException {
        for (int e = 0; e < 4; e++) {
            Files.writeString(Checkpoints.file(dir, e), "x");
        }
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThat(Checkpoints.file(dir, 3).getFileName().toString())
                .isEqualTo("vae-epoch-003.safetensors");
        assertThat(Checkpoints.latest(dir)).contains(Checkpoints.file(dir, 3));
        Checkpoints.prune(dir, 2, Checkpoints.Position.endOf(3));
        assertThat(Checkpoints.epochs(dir)).containsExactly(2, 3);
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void aStoppedEpochsCheckpointIsNewestUntilItsEpochEnds() throws IOException {
        Files.writeString(Checkpoints.file(dir, 2), "x");
        Path stopped = Checkpoints.file(dir, new Checkpoints.Position(3, 17));
        Files.writeString(stopped, "x");
        assertThat(stopped.getFileName().toString())
                .isEqualTo("vae-epoch-003-step-00017.safetensors");
        assertThat(Checkpoints.newest(dir)).contains(stopped);
        assertThat(Checkpoints.latest(dir)).contains(Checkpoints.file(dir, 2));
        assertThat(Checkpoints.epochs(dir)).containsExactly(2);
        Checkpoints.prune(dir, 5, new Checkpoints.Position(3, 17));
        assertThat(stopped).exists();
        Files.writeString(Checkpoints.file(dir, 3), "x");
        Checkpoints.prune(dir, 5, Checkpoints.Position.endOf(3));
        assertThat(stopped).doesNotExist();
        assertThat(Checkpoints.newest(dir)).contains(Checkpoints.file(dir, 3));
    }

    @Test
    void onlyTheTemporariesOfTrainingOutputsAreRemoved() throws IOException {
        Path ckpt = AtomicFiles.temporaryBeside(Checkpoints.file(dir, 7), ".tmp");
        Path stopped =
                AtomicFiles.temporaryBeside(
                        Checkpoints.file(dir, new Checkpoints.Position(7, 3)), ".tmp");
        Path csv = AtomicFiles.temporaryBeside(dir.resolve("elbo.csv"), ".tmp");
        Path samples = AtomicFiles.temporaryBeside(dir.resolve("samples.png"), ".tmp");
        // The safetensors writer's own temporary beside ours, left by a kill between its move.
        Path nested =
                Files.createFile(
                        dir.resolve(
                                "."
                                        + ckpt.getFileName()
                                        + ".fdfa8d57-827b-4110-bd31-2e28e65e8178.tmp"));
        assertThat(ckpt.getFileName().toString())
                .matches("\\.vae-epoch-007\\.safetensors\\.[0-9a-f]+\\.tmp");
        assertThat(Checkpoints.removeTemporaries(dir))
                .containsExactlyInAnyOrder(
                        ckpt.getFileName().toString(),
                        stopped.getFileName().toString(),
                        csv.getFileName().toString(),
                        nested.getFileName().toString());
        assertThat(samples).exists();
        assertThat(fileCount()).isEqualTo(1);
    }

    @Test
    void tsneSeparatesClustersAndPlotsThem() throws IOException {
        int n = 60;
        int dims = 5;
        float[] pts = new float[n * dims];
        int[] labels = new int[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < dims; j++) {
                pts[i * dims + j] =
                        (float) (10 * (j == labels[i] ? 1 : 0) + r.nextGaussian() * 0.1);
            }
        }
        double[][] y = LatentMap.embed(pts, n, dims, 5, 1000, 0, f -> {});
        assertThat(y).hasNumberOfRows(n);
        int sameLabelNeighbours = 0;
        for (int i = 0; i < n; i++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                double d = Math.hypot(y[i][0] - y[k][0], y[i][1] - y[k][1]);
                if (k != i && d < best) {
                    best = d;
                    nearest = k;
                }
            }
            sameLabelNeighbours += labels[nearest] == labels[i] ? 1 : 0;
        }
        assertThat(sameLabelNeighbours).isGreaterThanOrEqualTo(n * 9 / 10);
        Path f = dir.resolve("embedding.png");
        AtomicFiles.writePng(f, LatentMap.render(y, labels, "test"));
        assertThat(ImageIO.read(f.toFile()).getWidth()).isEqualTo(800);
        assertThatThrownBy(() -> LatentMap.embed(pts, n, dims, 30, 300, 0, g -> {}))
                .hasMessageContaining("--perplexity");
    }
}
