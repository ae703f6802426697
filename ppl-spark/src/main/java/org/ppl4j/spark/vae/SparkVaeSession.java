package org.ppl4j.spark.vae;

import com.google.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.ppl4j.core.PplException;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.spark.SparkSvi;
import org.ppl4j.spi.Backend;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.vae.Terminal;
import org.ppl4j.vae.TrainingPlan;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistSplit;
import org.ppl4j.vae.model.SviVaeSession;

/**
 * The VAE trained data-parallel on Spark: the training images are spread over the executors once,
 * and each training step is a {@link SparkSvi} step on the minibatch's image ids. Everything else
 * (params, Adam, the random stream, evaluation, checkpoints) is a single-machine {@link
 * SviVaeSession} with keyed noise on the driver, so the checkpoints are that session's: a run
 * continues on one machine, and a single-machine run continues here (with keyed noise from then
 * on).
 */
public final class SparkVaeSession implements VaeSession {
    private final SviVaeSession local;
    private final PrintStream notes;
    private final JavaSparkContext sc;
    private final SparkSvi<byte[], Tensor> svi;

    /** Starts the Spark application and caches the plan's training images on its executors. */
    @Inject
    public SparkVaeSession(
            Backend backend,
            VaeSettings settings,
            Mnist mnist,
            TrainingPlan plan,
            Terminal terminal,
            SparkTarget target) {
        this.notes = terminal.err();
        this.local = new SviVaeSession(backend, settings.withKeyedNoise(true));
        JavaSparkContext context = null;
        try {
            context = new JavaSparkContext(conf(target.master(), notes));
            // Spark's INFO lines (a few per step) would bury the trainer's; its warnings stay.
            context.setLogLevel("WARN");
            MnistSplit train =
                    plan.limitTrain() > 0 ? mnist.train().first(plan.limitTrain()) : mnist.train();
            List<byte[]> images = new ArrayList<>(train.size());
            for (int i = 0; i < train.size(); i++) {
                images.add(train.pixels(i));
            }
            int partitions =
                    target.partitions() > 0 ? target.partitions() : context.defaultParallelism();
            this.svi =
                    new SparkSvi<>(
                            context,
                            context.parallelize(images, partitions),
                            partitions,
                            new VaeProgram(settings.zDim(), settings.hidden()),
                            local.optimizer());
            this.sc = context;
            notes.println(
                    "spark: "
                            + train.size()
                            + " training images in "
                            + partitions
                            + " partitions on "
                            + target.master()
                            + " (application "
                            + context.sc().applicationId()
                            + ")");
        } catch (RuntimeException e) {
            if (context != null) {
                context.stop();
            }
            local.close();
            throw e;
        }
    }

    /**
     * Spark's settings: the {@code spark.*} system properties, the master, and for a cluster
     * without {@code spark.jars} or {@code spark.executor.extraClassPath} this JVM's class path for
     * the executors (right where the workers see the same paths, as on one machine).
     */
    static SparkConf conf(String master, PrintStream notes) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("ppl-vae train");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (!master.startsWith("local")
                && !conf.contains("spark.jars")
                && !conf.contains("spark.executor.extraClassPath")) {
            conf.set(
                    "spark.executor.extraClassPath",
                    absolute(System.getProperty("java.class.path")));
            notes.println(
                    "note: the executors load this JVM's class path (spark.executor.extraClassPath);"
                            + " where the workers do not see these paths, pass"
                            + " -Dspark.jars=JAR,JAR,... or set it on the workers");
        }
        return conf;
    }

    /** The class path with every entry absolute: executors run in directories of their own. */
    static String absolute(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String e : classPath.split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    @Override
    public int zDim() {
        return local.zDim();
    }

    @Override
    public double trainStep(MnistSplit split, int[] order, int from, int to) {
        if (split.size() != svi.size()) {
            throw new PplException(
                    "the executors hold "
                            + svi.size()
                            + " training images but the step is on "
                            + split
                            + "; train on the split the session was made for");
        }
        return svi.step(Arrays.copyOfRange(order, from, to));
    }

    @Override
    public double trainStep(float[] images, int n) {
        throw new PplException(
                "a distributed session trains on image ids, its images are on the executors;"
                        + " call trainStep(split, order, from, to)");
    }

    @Override
    public double evaluate(float[] images, int n) {
        return local.evaluate(images, n);
    }

    @Override
    public int[] permutation(int n) {
        return local.permutation(n);
    }

    @Override
    public float[] samplePrior(int n) {
        return local.samplePrior(n);
    }

    @Override
    public float[] decode(float[] z, int n) {
        return local.decode(z, n);
    }

    @Override
    public float[] reconstruct(float[] images, int n) {
        return local.reconstruct(images, n);
    }

    @Override
    public float[] encodeMeans(float[] images, int n) {
        return local.encodeMeans(images, n);
    }

    @Override
    public void seed(long seed) {
        local.seed(seed);
    }

    @Override
    public void saveCheckpoint(Path file, int epoch, Map<String, String> appState) {
        local.saveCheckpoint(file, epoch, appState);
    }

    @Override
    public Loaded restore(Path file) {
        Loaded loaded = local.restore(file);
        if (!"keyed".equals(SafeTensors.read(file).metadata().get("extra/noise"))) {
            notes.println(
                    "note: "
                            + file
                            + " was trained with the run's stream noise; --spark continues it with"
                            + " keyed noise");
        }
        return loaded;
    }

    /** The time the steps took, split by part, then Spark and the session are stopped. */
    @Override
    public void close() {
        try {
            if (svi.cost().steps() > 0) {
                notes.println("spark: " + svi.cost());
            }
            svi.close();
            sc.stop();
        } finally {
            local.close();
        }
    }
}
