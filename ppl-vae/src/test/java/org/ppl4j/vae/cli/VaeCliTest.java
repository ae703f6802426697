package org.ppl4j.vae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ppl4j.vae.SyntheticMnist;
import org.ppl4j.vae.Terminal;
import org.ppl4j.vae.output.Checkpoints;
import org.ppl4j.vae.output.RunLock;
import picocli.CommandLine;

class VaeCliTest {
    private static final int TRAIN = 300;
    private static final int TEST = 100;

    @TempDir Path tmp;
    private Path data;
    private Path out;

    @BeforeEach
    void data() throws IOException {
        data = Files.createDirectories(tmp.resolve("mnist"));
        SyntheticMnist.write(data, TRAIN, TEST, true);
        out = tmp.resolve("run");
    }

    private CliRun train(String... extra) {
        return CliRun.run(tmp, CliRun.trainArgs(data, out, extra));
    }

    /** {@code train} on the synthetic data with only {@code extra} options besides. */
    private CliRun bareTrain(String... extra) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of("train", "--data-dir", data.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(tmp, args.toArray(String[]::new));
    }

    private static double expectedTrain(int epoch) {
        return 100.0 / (1 + epoch) + SyntheticMnist.meanPixel(TRAIN, 0);
    }

    private static double expectedTest() {
        return 50.0 + SyntheticMnist.meanPixel(TEST, 1);
    }

    // ---- help and usage errors -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"train", "sample", "reconstruct", "embed", "evaluate"})
    void everyCommandHasHelp(String command) {
        CliRun r = CliRun.run(tmp, command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: ppl-vae " + command).contains("--help");
        if (command.equals("train")) {
            assertThat(r.out())
                    .contains(
                            "--epochs",
                            "default: 100",
                            "--batch-size",
                            "default: 256",
                            "--lr",
                            "--z-dim",
                            "--hidden",
                            "--seed",
                            "--test-frequency",
                            "--data-dir",
                            "--out",
                            "--limit-train",
                            "--threads",
                            "--resume",
                            "--backend");
        }
    }

    @Test
    void topLevelHelpListsTheCommandsAndNoCommandIsAUsageError() {
        CliRun help = CliRun.run(tmp, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("train", "sample", "reconstruct", "embed", "evaluate");
        assertThat(CliRun.run(tmp).code()).isEqualTo(2);
    }

    @Test
    void topLevelHelpShowsEachCommandsWholeDescription() {
        String help = CliRun.run(tmp, "--help").out().replaceAll("\\s+", "");
        var app = new AppEnvironment(Terminal.system(), Map.of(), tmp, CliRun.FAKE);
        for (CommandLine command : VaeCli.commands(app).getSubcommands().values()) {
            String description =
                    String.join(" ", command.getCommandSpec().usageMessage().description());
            assertThat(help)
                    .as(command.getCommandName())
                    .contains(description.replaceAll("\\s+", ""));
        }
    }

    @Test
    void negativeEpochsExitWithTwoNamingTheOption() {
        CliRun r = train("--epochs", "-3");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--epochs must be at least 1, got -3").contains("--help");
        assertThat(out).doesNotExist();
    }

    @Test
    void allBadOptionsAreReportedTogether() {
        CliRun r = train("--hidden", "0", "--lr", "0", "--test-frequency", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--hidden must be at least 1, got 0")
                .contains("--lr must be a positive number")
                .contains("--test-frequency must be at least 1");
    }

    @Test
    void zeroBatchSizeIsAUsageError() {
        CliRun r =
                CliRun.run(
                        tmp,
                        "train",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        out.toString(),
                        "--batch-size",
                        "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--batch-size must be at least 1, got 0");
    }

    @Test
    void shapesNoTensorHoldsAreRefusedUpFrontNamingTheOption() {
        CliRun hidden = bareTrain("--hidden", "3000000");
        assertThat(hidden.code()).isEqualTo(2);
        assertThat(hidden.err()).contains("--hidden 3000000 makes the encoder's first weights");
        assertThat(hidden.err()).contains("use at most --hidden 2739137");
        CliRun z = bareTrain("--z-dim", "2000000000", "--hidden", "400");
        assertThat(z.code()).isEqualTo(2);
        assertThat(z.err()).contains("--z-dim 2000000000 with --hidden 400").contains("lower");
        CliRun batch = bareTrain("--z-dim", "4", "--hidden", "1000000", "--batch-size", "4096");
        assertThat(batch.code()).isEqualTo(2);
        assertThat(batch.err()).contains("--batch-size 4096 with --hidden 1000000");
        assertThat(out).doesNotExist();
        CliRun count = CliRun.run(tmp, "sample", "--out", out.toString(), "--count", "2000000");
        assertThat(count.code()).isEqualTo(2);
        assertThat(count.err()).contains("--count must be at most 10000 (digits in one image");
    }

    @Test
    void aBatchSizeAboveTheTrainingSetIsOneStep() {
        CliRun r = bareTrain("--epochs", "1", "--z-dim", "4", "--batch-size", "2147483647");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("[epoch 000] 1 steps in");
        assertThat(number(r.out().lines().findFirst().orElseThrow()))
                .isCloseTo(expectedTrain(0), within(1e-4));
    }

    @Test
    void outOfMemoryDuringSetUpNamesTheSizeAndLeavesNoEmptyOut() {
        com.google.inject.Module oom =
                b ->
                        b.bind(org.ppl4j.vae.VaeSession.class)
                                .toProvider(
                                        () -> {
                                            throw new OutOfMemoryError("Java heap space");
                                        });
        CliRun r =
                CliRun.run(
                        tmp,
                        Map.of(),
                        false,
                        oom,
                        "train",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        out.toString(),
                        "--hidden",
                        "100000");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("error: out of memory (Java heap space)")
                .contains("--hidden 100000 --z-dim 50 --batch-size 256 need 172,000,884 params")
                .contains("-Xmx");
        assertThat(out).doesNotExist();
    }

    @Test
    void unknownBackendIsAUsageError() {
        CliRun r = train("--backend", "no-such-backend");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--backend 'no-such-backend' is not available");
    }

    @Test
    void missingResumeFileIsAUsageError() {
        CliRun r = train("--resume", tmp.resolve("nope.safetensors").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--resume " + tmp.resolve("nope.safetensors") + " does not exist");
    }

    @Test
    void unwritableOutIsAUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        out = file.resolve("sub");
        CliRun r = train();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--out " + out + " cannot be created")
                .contains("is not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void missingDataDirectoryIsAUsageError() {
        data = tmp.resolve("absent");
        CliRun r = train();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--data-dir " + data + " does not exist");
    }

    @Test
    void badPplMnistDirIsAUsageError() {
        CliRun r =
                CliRun.run(
                        tmp,
                        Map.of("PPL_MNIST_DIR", tmp.resolve("absent").toString()),
                        false,
                        CliRun.FAKE,
                        "train",
                        "--out",
                        out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("PPL_MNIST_DIR " + tmp.resolve("absent") + " does not exist");
    }

    @Test
    void badNumbersAreUsageErrorsFromTheParser() {
        CliRun r = train("--epochs", "ten");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--epochs").contains("ten");
    }

    // ---- training end to end with the fake session --------------------------------------------

    @Test
    void trainPrintsTheTutorialLinesAndWritesCsvPngAndCheckpoints() throws IOException {
        CliRun r = train("--epochs", "6", "--keep-checkpoints", "3");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).startsWith("[epoch 000] average training loss: ");
        assertThat(lines.get(1)).startsWith("[epoch 000] average test loss: ");
        assertThat(lines.get(6)).startsWith("[epoch 005] average training loss: ");
        assertThat(lines.get(7)).startsWith("[epoch 005] average test loss: ");
        assertThat(lines.get(2)).matches("\\[epoch 001\\] average training loss: \\d+\\.\\d{4}");
        assertThat(number(lines.get(0))).isCloseTo(expectedTrain(0), within(1e-4));
        assertThat(number(lines.get(6))).isCloseTo(expectedTrain(5), within(1e-4));
        assertThat(number(lines.get(7))).isCloseTo(expectedTest(), within(1e-4));

        List<String> csv = Files.readAllLines(out.resolve("elbo.csv"));
        assertThat(csv).hasSize(7);
        assertThat(csv.get(0)).isEqualTo("epoch,train_loss,test_loss");
        assertThat(csv.get(2)).startsWith("1,").endsWith(",");
        assertThat(Double.parseDouble(csv.get(6).split(",")[2]))
                .isCloseTo(expectedTest(), within(1e-4));
        BufferedImage png = ImageIO.read(out.resolve("elbo.png").toFile());
        assertThat(png).isNotNull();
        assertThat(Checkpoints.epochs(out)).containsExactly(3, 4, 5);
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".") && !n.equals(RunLock.NAME));
        }
    }

    private static double number(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void limitTrainUsesTheFirstImagesOnly() {
        CliRun r = train("--epochs", "1", "--limit-train", "50");
        assertThat(r.code()).as(r.err()).isZero();
        double expected = 100.0 + SyntheticMnist.meanPixel(50, 0);
        assertThat(number(r.out().lines().findFirst().orElseThrow()))
                .isCloseTo(expected, within(1e-4));
    }

    @Test
    void resumeContinuesAfterTheCheckpointsEpoch() throws IOException {
        assertThat(train("--epochs", "3").code()).isZero();
        CliRun r = train("--epochs", "5", "--resume", Checkpoints.file(out, 2).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .hasSize(2)
                .allMatch(l -> l.startsWith("[epoch 003]") || l.startsWith("[epoch 004]"));
        assertThat(number(r.out().lines().toList().get(1)))
                .isCloseTo(expectedTrain(4), within(1e-4));
        assertThat(Files.readAllLines(out.resolve("elbo.csv"))).hasSize(6);
        assertThat(Checkpoints.epochs(out)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aNewRunRefusesToOverwriteAnEarlierOne() throws IOException {
        assertThat(train("--epochs", "2").code()).isZero();
        String csv = Files.readString(out.resolve("elbo.csv"));
        CliRun r = train("--epochs", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--out " + out + " already holds a training run")
                .contains("--resume " + Checkpoints.file(out, 1));
        assertThat(Files.readString(out.resolve("elbo.csv"))).isEqualTo(csv);
    }

    @Test
    void resumingFromAnOlderCheckpointRefusesToOverwriteLaterEpochs() throws IOException {
        assertThat(train("--epochs", "3").code()).isZero();
        String csv = Files.readString(out.resolve("elbo.csv"));
        CliRun r = train("--epochs", "5", "--resume", Checkpoints.file(out, 0).toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("is at epoch 0")
                .contains("already holds a checkpoint at epoch 2")
                .contains("--resume latest");
        assertThat(Files.readString(out.resolve("elbo.csv"))).isEqualTo(csv);
    }

    @Test
    void onATerminalEachEpochShowsAProgressBar() {
        CliRun r =
                CliRun.run(
                        tmp,
                        Map.of(),
                        true,
                        CliRun.FAKE,
                        "train",
                        "--data-dir",
                        data.toString(),
                        "--out",
                        out.toString(),
                        "--epochs",
                        "1",
                        "--batch-size",
                        "64");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("\r[epoch 000] 5/5 [====================]")
                .contains("steps/s")
                .contains("ETA")
                .contains("loss ");
        assertThat(r.out()).contains("\r[epoch 000] average training loss: ");
    }

    @Test
    void corruptDataFailsWithExitOneNamingTheFile() throws IOException {
        Path f = data.resolve("t10k-images-idx3-ubyte.gz");
        Files.write(f, new byte[] {0, 0, 8, 3, 0, 0});
        CliRun r = train("--epochs", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("error: IDX file " + f).contains("truncated header");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    // ---- the other commands --------------------------------------------------------------------

    @Test
    void sampleReconstructEmbedAndEvaluateUseTheNewestCheckpoint() throws IOException {
        assertThat(train("--epochs", "2").code()).isZero();
        String[] common = {"--out", out.toString(), "--z-dim", "4", "--batch-size", "64"};

        CliRun s = CliRun.run(tmp, concat(new String[] {"sample", "--count", "10"}, common));
        assertThat(s.code()).as(s.err()).isZero();
        BufferedImage samples = ImageIO.read(out.resolve("samples.png").toFile());
        assertThat(samples.getWidth()).isEqualTo(2 + 8 * 58);
        assertThat(samples.getHeight()).isEqualTo(2 + 2 * 58);

        CliRun rc =
                CliRun.run(
                        tmp,
                        concat(
                                new String[] {
                                    "reconstruct",
                                    "--data-dir",
                                    data.toString(),
                                    "--count",
                                    "6",
                                    "--columns",
                                    "3",
                                    "--scale",
                                    "1"
                                },
                                common));
        assertThat(rc.code()).as(rc.err()).isZero();
        BufferedImage recon = ImageIO.read(out.resolve("reconstructions.png").toFile());
        assertThat(recon.getWidth()).isEqualTo(2 + 6 * 30);
        assertThat(recon.getHeight()).isEqualTo(2 + 2 * 30);

        CliRun e =
                CliRun.run(
                        tmp,
                        concat(
                                new String[] {
                                    "embed",
                                    "--data-dir",
                                    data.toString(),
                                    "--perplexity",
                                    "10",
                                    "--iterations",
                                    "300"
                                },
                                common));
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(ImageIO.read(out.resolve("embedding.png").toFile())).isNotNull();
        assertThat(Files.readAllLines(out.resolve("embedding.csv"))).hasSize(TEST + 1);

        CliRun ev =
                CliRun.run(
                        tmp,
                        concat(new String[] {"evaluate", "--data-dir", data.toString()}, common));
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(ev.out()).startsWith("[epoch 001] average test loss: ");
        assertThat(number(ev.out().strip())).isCloseTo(expectedTest(), within(1e-4));
    }

    @Test
    void commandsWithoutACheckpointSayHowToGetOne() {
        CliRun r = CliRun.run(tmp, "sample", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--checkpoint not given").contains("train --out " + out);
    }

    @Test
    void embedRejectsAPerplexityTooLargeForThePoints() {
        CliRun r =
                CliRun.run(
                        tmp,
                        "embed",
                        "--points",
                        "20",
                        "--perplexity",
                        "30",
                        "--checkpoint",
                        data.resolve("train-labels-idx1-ubyte.gz").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--perplexity 30.0 is too large for --points 20");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
