package org.ppl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.random.Rng;
import org.ppl4j.spark.vae.VaeProgram;

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

    @Test
    void oneTwoAndFourPartitionsGiveThePlainSviParams() {
        VaeProgram program = new VaeProgram(8, 32);
        byte[][] x = images(300, 1);
        JavaRDD<byte[]> data = sc.parallelize(Arrays.asList(x), 3);
        SafeTensors plain = SingleMachine.train(program, x, SEED, 10, 64, false);
        for (int p : List.of(1, 2, 4)) {
            SafeTensors spark =
                    Distributed.train(sc, data, program, SEED, p, 10, 64, step -> {}).params();
            System.err.println(p + ": " + SingleMachine.maxDifference(plain, spark));
            assertThat(SingleMachine.maxDifference(plain, spark)).isLessThan(1e-4);
        }
    }
}
