package org.ppl4j.spark.vae;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.spark.SingleMachine;
import org.ppl4j.vae.Terminal;
import org.ppl4j.vae.VaeSessionModule;
import org.ppl4j.vae.cli.AppEnvironment;
import org.ppl4j.vae.cli.VaeCli;
import org.ppl4j.vae.idx.IdxWriter;
import org.ppl4j.vae.mnist.MnistFile;

/**
 * {@code train --spark local[2]} through the app's command line, against single-machine training
 * with keyed noise: the same checkpoints and history, and each continues the other's run.
 */
class SparkTrainTest {
    @TempDir static Path dir;
    private static Path data;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void mnist() throws IOException {
        data = Files.createDirectories(dir.resolve("mnist"));
        images(MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS, 256, 0);
        images(MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS, 64, 1);
    }

    /** Images whose bright pixels are those congruent to the label modulo 10, on a dim noise. */
    private static void images(MnistFile images, MnistFile labels, int n, int salt) {
        byte[] px = new byte[n * 784];
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i % 10);
            for (int p = 0; p < 784; p++) {
                int v = p % 10 == i % 10 ? 200 + (i * 7 + p + salt) % 56 : (i * 13 + p * 3) % 20;
                px[i * 784 + p] = (byte) v;
            }
        }
        IdxWriter.write(data.resolve(images.rawName()), new int[] {n, 28, 28}, px);
        IdxWriter.write(data.resolve(labels.rawName()), new int[] {n}, l);
    }

    static Run train(String out, int epochs, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--data-dir",
                                data.toString(),
                                "--out",
                                dir.resolve(out).toString(),
                                "--epochs",
                                Integer.toString(epochs),
                                "--test-frequency",
                                "1",
                                "--batch-size",
                                "64",
                                "--z-dim",
                                "4",
                                "--hidden",
                                "32"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Terminal t =
                new Terminal(
                        new PrintStream(o, true, StandardCharsets.UTF_8),
                        new PrintStream(e, true, StandardCharsets.UTF_8),
                        false);
        int code =
                VaeCli.run(
                        new AppEnvironment(t, Map.of(), dir, new VaeSessionModule()),
                        args.toArray(String[]::new));
        Run r =
                new Run(
                        code,
                        o.toString(StandardCharsets.UTF_8),
                        e.toString(StandardCharsets.UTF_8));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    private static SafeTensors params(String out, int epoch) {
        return SafeTensors.read(
                        dir.resolve(out)
                                .resolve(String.format("vae-epoch-%03d.safetensors", epoch)))
                .subset("param/");
    }

    private static double maxDifference(SafeTensors a, SafeTensors b) {
        assertThat(b.names()).isEqualTo(a.names());
        return SingleMachine.maxDifference(a, b);
    }

    /** The losses of elbo.csv, row by row. */
    private static List<double[]> history(String out) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(out).resolve("elbo.csv"))) {
            String[] f = line.split(",");
            if (f.length == 3 && Character.isDigit(f[0].charAt(0))) {
                rows.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        }
        return rows;
    }

    private static void assertSameHistory(String a, String b) throws IOException {
        List<double[]> x = history(a);
        List<double[]> y = history(b);
        assertThat(y).hasSameSizeAs(x).isNotEmpty();
        for (int i = 0; i < x.size(); i++) {
            for (int k = 0; k < 2; k++) {
                assertThat(y.get(i)[k])
                        .as("%s vs %s, epoch %d column %d", a, b, i, k)
                        .isCloseTo(x.get(i)[k], org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }

    @Test
    void sparkTrainingWritesTheRunOfKeyedSingleMachineTrainingAndEachResumesTheOther()
            throws IOException {
        Run spark = train("spark", 2, "--spark", "local[2]", "--partitions", "3");
        assertThat(spark.err()).contains("256 training images in 3 partitions on local[2]");
        assertThat(spark.err()).contains("ms/step = broadcast");
        train("one", 2, "--keyed-noise");
        assertThat(maxDifference(params("one", 1), params("spark", 1))).isLessThan(1e-5);
        assertSameHistory("one", "spark");

        train("spark-then-one", 1, "--spark", "local[2]");
        train("spark-then-one", 2, "--resume", "latest");
        assertThat(maxDifference(params("spark", 1), params("spark-then-one", 1))).isLessThan(1e-5);
        assertSameHistory("spark", "spark-then-one");

        train("one-then-spark", 1, "--keyed-noise");
        train("one-then-spark", 2, "--resume", "latest", "--spark", "local[2]");
        assertThat(maxDifference(params("one", 1), params("one-then-spark", 1))).isLessThan(1e-5);
        assertSameHistory("one", "one-then-spark");
    }

    @Test
    void aRunWithStreamNoiseContinuesOnSparkWithKeyedNoiseAndSaysSo() {
        train("stream", 1);
        Run resumed = train("stream", 2, "--resume", "latest", "--spark", "local[2]");
        assertThat(resumed.err()).contains("continues it with keyed noise");
        assertThat(resumed.out()).contains("[epoch 001] average training loss");
    }
}
