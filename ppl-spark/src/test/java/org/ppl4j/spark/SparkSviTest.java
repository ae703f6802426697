package org.ppl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.spark.vae.VaeProgram;
import org.ppl4j.tensor.TensorScope;

class SparkSviTest {
    private static final long SEED = 7;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(LocalSpark.conf("local[2]"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    static byte[][] images(int n, long seed) {
        Rng r = new Rng(seed);
        byte[][] x = new byte[n][784];
        for (byte[] image : x) {
            for (int p = 0; p < image.length; p++) {
                // Mostly dark pixels with some bright ones, like digits.
                double u = r.nextDouble();
                image[p] = (byte) (u < 0.8 ? 0 : (int) (255 * r.nextDouble()));
            }
        }
        return x;
    }

    static SafeTensors trainSpark(
            JavaRDD<byte[]> data, VaeProgram program, int partitions, int steps, int batch) {
        PplContext ctx = PplContext.current();
        ParamStore previous = ctx.paramStore();
        try (ParamStore store = new ParamStore();
                Adam adam = new Adam(1e-3)) {
            ctx.paramStore(store);
            ctx.rng(new Rng(SEED));
            ctx.validationEnabled(false);
            try (var svi = new SparkSvi<>(sc, data, partitions, program, adam);
                    var scope = new TensorScope()) {
                int[] order = ctx.rng().permutation(svi.size());
                for (int step = 0; step < steps; step++) {
                    svi.step(SingleMachine.minibatch(order, step, batch));
                }
                System.err.println(partitions + " partitions: " + svi.cost());
            }
            return store.state();
        } finally {
            ctx.paramStore(previous);
            ctx.validationEnabled(true);
        }
    }

    @Test
    void oneTwoAndFourPartitionsGiveThePlainSviParams() {
        VaeProgram program = new VaeProgram(8, 32);
        byte[][] x = images(300, 1);
        JavaRDD<byte[]> data = sc.parallelize(Arrays.asList(x), 3);
        SafeTensors plain = SingleMachine.train(program, x, SEED, 10, 64, false);
        for (int p : List.of(1, 2, 4)) {
            SafeTensors spark = trainSpark(data, program, p, 10, 64);
            System.err.println(p + ": " + SingleMachine.maxDifference(plain, spark));
            assertThat(SingleMachine.maxDifference(plain, spark)).isLessThan(1e-4);
        }
    }
}
