package org.ppl4j.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.spark.vae.VaeProgram;

/**
 * Where a data-parallel step of the tutorial's VAE (784-400-50, minibatches of 256) spends its
 * time, in local[2] and on a loopback cluster of two one-core workers, beside a plain keyed Svi
 * step; and the driver's two ways to gather the gradients, collect (the ordered sum SparkSvi uses)
 * and treeAggregate. Runs only with {@code -Dppl.spark.bench=true}; prints Markdown for
 * BENCHMARKS.md.
 */
class SparkStepCostBench {
    private static final int WARMUP = 8;
    private static final int STEPS = 30;
    private static final int BATCH = 256;
    private static final VaeProgram VAE = new VaeProgram(50, 400);

    @TempDir Path dir;

    @Test
    void stepCostOfTheTutorialVae() throws Exception {
        assumeTrue(Boolean.getBoolean("ppl.spark.bench"), "-Dppl.spark.bench=true runs it");
        byte[][] x = StandaloneClusterTest.slice(4096);
        List<String> rows = new ArrayList<>();
        rows.add(
                String.format(
                        Locale.ROOT,
                        "| one machine (plain keyed Svi, eager) | 1 | %.0f | | | | |",
                        SingleMachine.millisPerStep(VAE, x, WARMUP, STEPS, BATCH)));
        JavaSparkContext local = new JavaSparkContext(LocalSpark.conf("local[2]"));
        try {
            JavaRDD<byte[]> data = local.parallelize(Arrays.asList(x), 2);
            for (int p : List.of(1, 2, 4)) {
                rows.add(
                        row(
                                "local[2]",
                                p,
                                Distributed.timed(local, data, VAE, p, WARMUP, STEPS, BATCH)
                                        .cost()));
            }
            rows.add(aggregates(local, "local[2]"));
        } finally {
            local.stop();
        }
        Path records = dir.resolve("rows.bin");
        try (var out = Files.newOutputStream(records)) {
            for (byte[] image : x) {
                out.write(image);
            }
        }
        try (LoopbackCluster cluster = LoopbackCluster.start(dir, 2, Duration.ofSeconds(90))) {
            JavaSparkContext sc =
                    new JavaSparkContext(
                            LocalSpark.conf(cluster.master()).set("spark.executor.memory", "900m"));
            try {
                cluster.awaitExecutors(2, Duration.ofSeconds(60));
                JavaRDD<byte[]> data = sc.binaryRecords(records.toString(), 784);
                for (int p : List.of(2, 4)) {
                    rows.add(
                            row(
                                    "cluster, 2 workers",
                                    p,
                                    Distributed.timed(sc, data, VAE, p, WARMUP, STEPS, BATCH)
                                            .cost()));
                }
                rows.add(aggregates(sc, "cluster, 2 workers"));
            } finally {
                sc.stop();
            }
        }
        System.out.println(
                "| where | partitions | ms/step | broadcast | compute | aggregate | update |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
    }

    private static String row(String where, int partitions, StepCost c) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |",
                where,
                partitions,
                c.perStepMillis(c.totalNanos()),
                c.perStepMillis(c.broadcastNanos()),
                c.perStepMillis(c.computeNanos()),
                c.perStepMillis(c.aggregateNanos()),
                c.perStepMillis(c.updateNanos()));
    }

    /** One gradient's worth of floats per partition of 4, gathered 10 times each way. */
    private static String aggregates(JavaSparkContext sc, String where) {
        int n = 688_884;
        JavaRDD<Integer> parts = sc.parallelize(List.of(0, 1, 2, 3), 4).cache();
        parts.count();
        double[] ms = new double[2];
        for (int round = 0; round < 12; round++) {
            long a = System.nanoTime();
            List<float[]> all = parts.map(i -> new float[n]).collect();
            float[] sum = new float[n];
            for (float[] f : all) {
                for (int k = 0; k < n; k++) {
                    sum[k] += f[k];
                }
            }
            long b = System.nanoTime();
            parts.map(i -> new float[n])
                    .treeAggregate(
                            new float[n],
                            (acc, f) -> {
                                for (int k = 0; k < n; k++) {
                                    acc[k] += f[k];
                                }
                                return acc;
                            },
                            (l, r) -> {
                                for (int k = 0; k < n; k++) {
                                    l[k] += r[k];
                                }
                                return l;
                            },
                            2);
            long c = System.nanoTime();
            if (round >= 2) {
                ms[0] += (b - a) / 1e6 / 10;
                ms[1] += (c - b) / 1e6 / 10;
            }
        }
        parts.unpersist();
        return String.format(
                Locale.ROOT,
                "| %s: 4 gradients of 688,884 floats gathered | 4 | collect + sum %.0f, treeAggregate %.0f | | | | |",
                where,
                ms[0],
                ms[1]);
    }
}
