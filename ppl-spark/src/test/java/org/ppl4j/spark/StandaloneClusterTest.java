package org.ppl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.spark.vae.VaeProgram;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistSplit;

/**
 * The VAE trained on a real standalone cluster: a master and two workers, separate JVMs on
 * 127.0.0.1, and the examples read by the executors from a file of MNIST rows as a user's export
 * would hold them ({@code binaryRecords}, 784 bytes an image).
 */
@Tag("cluster")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    private static final long SEED = 3;
    private static final int IMAGES = 1024;
    private static final int BATCH = 64;
    private static final int STEPS = 150;
    private static final int KILL_RUN_STEPS = 60;
    private static final VaeProgram PROGRAM = new VaeProgram(10, 64);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static LoopbackCluster cluster;
    private static byte[][] images;
    private static Path records;
    private static SafeTensors reference;

    @BeforeAll
    static void start() throws IOException {
        images = slice(IMAGES);
        records = dir.resolve("mnist-rows.bin");
        try (var out = Files.newOutputStream(records)) {
            for (byte[] image : images) {
                out.write(image);
            }
        }
        cluster = LoopbackCluster.start(dir, 2, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The first {@code n} MNIST training images, or synthetic ones where MNIST is absent. */
    static byte[][] slice(int n) {
        String mnist = System.getenv("PPL_MNIST_DIR");
        if (mnist == null || !Files.isDirectory(Path.of(mnist))) {
            System.err.println("PPL_MNIST_DIR is not set: the cluster trains on synthetic images");
            return SparkSviTest.images(n, 11);
        }
        MnistSplit train = Mnist.read(Path.of(mnist)).train();
        byte[][] x = new byte[n][];
        for (int i = 0; i < n; i++) {
            x[i] = train.pixels(i);
        }
        return x;
    }

    private static synchronized SafeTensors reference() {
        if (reference == null) {
            reference = SingleMachine.train(PROGRAM, images, SEED, STEPS, BATCH, false);
        }
        return reference;
    }

    private static JavaSparkContext context(String name) {
        SparkConf conf =
                LocalSpark.conf(cluster.master())
                        .setAppName(name)
                        .set("spark.executor.memory", "900m")
                        .set("spark.executor.cores", "1");
        return new JavaSparkContext(conf);
    }

    private static JavaRDD<byte[]> rows(JavaSparkContext sc) {
        return sc.binaryRecords(records.toString(), 784);
    }

    @Test
    void twoWorkersTrainTheVaeToTheSingleMachineParams() {
        JavaSparkContext sc = context("cluster-train");
        try {
            cluster.awaitExecutors(2, Duration.ofSeconds(60));
            var run = Distributed.train(sc, rows(sc), PROGRAM, SEED, 2, STEPS, BATCH, s -> {});
            System.err.println("loopback cluster, 2 partitions: " + run.cost());
            double d = SingleMachine.maxDifference(reference(), run.params());
            System.err.println("cluster vs one machine after " + STEPS + " steps: " + d);
            assertThat(d).isLessThan(5e-5);
        } finally {
            sc.stop();
        }
    }

    @Test
    void anExecutorKilledMidRunIsReplacedAndTheParamsAreTheSame() throws InterruptedException {
        JavaSparkContext sc = context("cluster-kill");
        AtomicInteger removed = new AtomicInteger();
        AtomicInteger failedTasks = new AtomicInteger();
        sc.sc()
                .addSparkListener(
                        new SparkListener() {
                            @Override
                            public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                                removed.incrementAndGet();
                            }

                            @Override
                            public void onTaskEnd(SparkListenerTaskEnd e) {
                                if (!e.taskInfo().successful()) {
                                    failedTasks.incrementAndGet();
                                }
                            }
                        });
        AtomicReference<ProcessHandle> killed = new AtomicReference<>();
        Thread killer = null;
        try {
            cluster.awaitExecutors(2, Duration.ofSeconds(60));
            Thread[] started = new Thread[1];
            var run =
                    Distributed.train(
                            sc,
                            rows(sc),
                            PROGRAM,
                            SEED,
                            2,
                            KILL_RUN_STEPS,
                            BATCH,
                            step -> {
                                if (step == KILL_RUN_STEPS / 3) {
                                    started[0] = killLater(killed);
                                }
                            });
            killer = started[0];
            killer.join(10_000);
            assertThat(killed.get()).as("the executor that was killed").isNotNull();
            assertThat(killed.get().isAlive()).isFalse();
            cluster.awaitExecutors(2, Duration.ofSeconds(60));
            System.err.println(
                    "killed executor "
                            + killed.get().pid()
                            + ": "
                            + removed.get()
                            + " executor(s) removed, "
                            + failedTasks.get()
                            + " task(s) failed; "
                            + run.cost());
            assertThat(removed.get()).isGreaterThanOrEqualTo(1);
            SafeTensors plain =
                    SingleMachine.train(PROGRAM, images, SEED, KILL_RUN_STEPS, BATCH, false);
            double d = SingleMachine.maxDifference(plain, run.params());
            System.err.println("after the kill, cluster vs one machine: " + d);
            assertThat(d).isLessThan(5e-5);
        } finally {
            sc.stop();
        }
    }

    /** Kills one executor with SIGKILL 80 ms from now, inside the step about to start. */
    private static Thread killLater(AtomicReference<ProcessHandle> killed) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(80);
                            } catch (InterruptedException e) {
                                return;
                            }
                            List<ProcessHandle> executors = cluster.executors();
                            if (!executors.isEmpty()) {
                                ProcessHandle victim = executors.get(0);
                                victim.destroyForcibly();
                                victim.onExit().join();
                                killed.set(victim);
                            }
                        },
                        "executor-killer");
        t.start();
        return t;
    }
}
