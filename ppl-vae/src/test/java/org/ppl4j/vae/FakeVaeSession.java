package org.ppl4j.vae;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.ppl4j.core.PplException;

/**
 * A stand-in for the real VAE that returns deterministic numbers, so the app can be run end to end
 * before the model exists. The training loss of an image is {@code 100 / (1 + epoch) + meanPixel},
 * its test loss {@code 50 + meanPixel}: an epoch's average is then known in closed form whatever
 * the shuffling and batching, and only if the trainer sums and divides as the tutorial does.
 */
public final class FakeVaeSession implements VaeSession {
    private static final int PIXELS = 784;

    private final VaeSettings settings;
    private Random random;
    private int epoch = -1;
    private int steps;
    private boolean closed;

    private final IntConsumer onStep;

    @Inject
    public FakeVaeSession(VaeSettings settings) {
        this(settings, step -> {});
    }

    /** A fake that calls {@code onStep} with the run's step count after each training step. */
    public FakeVaeSession(VaeSettings settings, IntConsumer onStep) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.onStep = onStep;
    }

    /** The training loss of one image at {@code epoch}. */
    public static double trainLoss(float[] images, int i, int epoch) {
        return 100.0 / (1 + epoch) + mean(images, i);
    }

    /** The test loss of one image. */
    public static double testLoss(float[] images, int i) {
        return 50.0 + mean(images, i);
    }

    private static double mean(float[] images, int i) {
        double s = 0;
        for (int p = 0; p < PIXELS; p++) {
            s += images[i * PIXELS + p];
        }
        return s / PIXELS;
    }

    private void check(float[] images, int n) {
        if (closed) {
            throw new PplException("FakeVaeSession used after close");
        }
        if (n < 1 || n > settings.batchSize() || images.length != n * PIXELS) {
            throw new PplException(
                    "FakeVaeSession: bad batch of " + n + " with " + images.length + " floats");
        }
    }

    @Override
    public int zDim() {
        return settings.zDim();
    }

    @Override
    public double trainStep(float[] images, int n) {
        check(images, n);
        steps++;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += trainLoss(images, i, epoch);
        }
        onStep.accept(steps);
        return sum;
    }

    @Override
    public double evaluate(float[] images, int n) {
        check(images, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += testLoss(images, i);
        }
        return sum;
    }

    @Override
    public int[] permutation(int n) {
        epoch++;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        // Seeded by the epoch, so a resumed run shuffles as the uninterrupted one did.
        Random shuffle = new Random(settings.seed() * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public float[] samplePrior(int n) {
        float[] z = new float[n * zDim()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return z;
    }

    @Override
    public float[] decode(float[] z, int n) {
        float[] x = new float[n * PIXELS];
        for (int k = 0; k < n; k++) {
            for (int p = 0; p < PIXELS; p++) {
                x[k * PIXELS + p] = (float) (1 / (1 + Math.exp(-z[k * zDim() + p % zDim()])));
            }
        }
        return x;
    }

    @Override
    public float[] reconstruct(float[] images, int n) {
        check(images, Math.min(n, settings.batchSize()));
        float[] x = new float[images.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 - images[i];
        }
        return x;
    }

    @Override
    public float[] encodeMeans(float[] images, int n) {
        check(images, n);
        int z = zDim();
        float[] m = new float[n * z];
        for (int k = 0; k < n; k++) {
            for (int p = 0; p < PIXELS; p++) {
                m[k * z + p % z] += images[k * PIXELS + p];
            }
        }
        return m;
    }

    @Override
    public void seed(long seed) {
        random = new Random(seed);
    }

    @Override
    public void saveCheckpoint(Path file, int epoch, Map<String, String> appState) {
        StringBuilder text =
                new StringBuilder(
                        "fake-vae epoch="
                                + epoch
                                + " steps="
                                + steps
                                + " zDim="
                                + zDim()
                                + " current="
                                + this.epoch
                                + "\n");
        appState.forEach(
                (k, v) ->
                        text.append(k)
                                .append('=')
                                .append(Base64.getEncoder().encodeToString(v.getBytes(UTF_8)))
                                .append('\n'));
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Loaded restore(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] f = lines.isEmpty() ? new String[0] : lines.get(0).split(" ");
        if (f.length != 5 || !f[0].equals("fake-vae")) {
            throw new PplException("checkpoint " + file + ": not a fake-vae checkpoint");
        }
        int z = Integer.parseInt(f[3].substring("zDim=".length()));
        if (z != zDim()) {
            throw new PplException(
                    "checkpoint " + file + " has z-dim " + z + "; pass --z-dim " + z);
        }
        Map<String, String> app = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int eq = line.indexOf('=');
            app.put(
                    line.substring(0, eq),
                    new String(Base64.getDecoder().decode(line.substring(eq + 1)), UTF_8));
        }
        steps = Integer.parseInt(f[2].substring("steps=".length()));
        epoch = Integer.parseInt(f[4].substring("current=".length()));
        return new Loaded(Integer.parseInt(f[1].substring("epoch=".length())), app);
    }

    @Override
    public void close() {
        closed = true;
    }
}
