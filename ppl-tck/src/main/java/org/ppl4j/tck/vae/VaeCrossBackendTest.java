package org.ppl4j.tck.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ppl4j.spi.Backends;
import org.ppl4j.tck.Layer;
import org.ppl4j.testkit.BackendsUnderTest;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistSplit;
import org.ppl4j.vae.model.SviVaeSession;

/**
 * Conformance layer 4: with the same seed, every backend under test trains the tutorial VAE on a
 * 10,000-image subset of MNIST for 2 epochs to the same step losses (1e-4 relative for the first
 * 50) and the same epoch losses per example (within 0.2).
 */
@Tag(Layer.VAE)
class VaeCrossBackendTest {
    private static final int TRAIN = 10_000;
    private static final int EPOCHS = 2;
    private static final int BATCH = 256;

    private record Run(String backend, List<Double> stepLosses, double[] train, double[] test) {}

    @Test
    void backendsTrainTheVaeToTheSameLosses() {
        String dir = System.getenv("PPL_MNIST_DIR");
        assumeThat(dir)
                .as("PPL_MNIST_DIR is not set; this end-to-end check needs the real MNIST")
                .isNotNull();
        assumeThat(Files.isDirectory(Path.of(dir)))
                .as("PPL_MNIST_DIR=%s is not a directory", dir)
                .isTrue();
        // The float64 reference backend is the oracle of the kernel suites, far too slow to
        // train a VAE; the end-to-end comparison is between the production backends.
        List<String> names =
                BackendsUnderTest.names().stream().filter(n -> !n.equals("reference")).toList();
        assumeThat(names)
                .as("needs two backends to compare, has %s (run without -Dppl.backend)", names)
                .hasSizeGreaterThanOrEqualTo(2);
        Mnist mnist = Mnist.read(Path.of(dir));
        MnistSplit train = mnist.train().first(TRAIN);
        List<Run> runs = new ArrayList<>();
        for (String name : names) {
            runs.add(train(name, train, mnist.test()));
        }
        Run first = runs.get(0);
        for (Run other : runs.subList(1, runs.size())) {
            for (int i = 0; i < 50; i++) {
                double a = first.stepLosses().get(i);
                assertThat(other.stepLosses().get(i))
                        .as("step %d loss on %s vs %s", i, other.backend(), first.backend())
                        .isCloseTo(a, within(Math.abs(a) * 1e-4));
            }
            for (int e = 0; e < EPOCHS; e++) {
                assertThat(other.train()[e])
                        .as(
                                "epoch %d train loss per example, %s vs %s",
                                e, other.backend(), first.backend())
                        .isCloseTo(first.train()[e], within(0.2));
                assertThat(other.test()[e])
                        .as(
                                "epoch %d test loss per example, %s vs %s",
                                e, other.backend(), first.backend())
                        .isCloseTo(first.test()[e], within(0.2));
            }
        }
    }

    private static Run train(String backend, MnistSplit train, MnistSplit test) {
        var settings = new VaeSettings(backend, 50, 400, 1e-3, 0, BATCH, 0);
        List<Double> steps = new ArrayList<>();
        double[] trainLoss = new double[EPOCHS];
        double[] testLoss = new double[EPOCHS];
        try (var session = new SviVaeSession(Backends.get(backend), settings)) {
            for (int e = 0; e < EPOCHS; e++) {
                int[] order = session.permutation(train.size());
                double sum = 0;
                for (int from = 0; from < train.size(); from += BATCH) {
                    int to = Math.min(train.size(), from + BATCH);
                    double l = session.trainStep(train.images(order, from, to), to - from);
                    steps.add(l);
                    sum += l;
                }
                trainLoss[e] = sum / train.size();
                double t = 0;
                for (int from = 0; from < test.size(); from += BATCH) {
                    int to = Math.min(test.size(), from + BATCH);
                    t += session.evaluate(test.images(from, to), to - from);
                }
                testLoss[e] = t / test.size();
            }
        }
        return new Run(backend, steps, trainLoss, testLoss);
    }
}
