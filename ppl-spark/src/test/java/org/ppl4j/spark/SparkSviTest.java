package org.ppl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ppl4j.Ppl;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Normal;
import org.ppl4j.handlers.Plate;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.spark.vae.VaeProgram;
import org.ppl4j.tensor.Tensor;
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

    /**
     * The tutorial's VAE (784-400-50, minibatches of 256), 50 steps. One partition computes what
     * plain Svi computes, op for op, so its params are bit-identical; two and four sum the shards'
     * gradients in another order than one matrix product does, so their params differ in the last
     * bits, which 50 Adam steps carry on: here at most 2.7e-6 (two) and 9.8e-7 (four) over the
     * 688,884 params, which are of order 0.1. Asserted: below 5e-5, a twentieth of the most one
     * Adam step moves a param (the learning rate, 1e-3).
     */
    @Test
    void oneTwoAndFourPartitionsGiveThePlainSviParamsAfterFiftyVaeSteps() {
        VaeProgram program = new VaeProgram(50, 400);
        byte[][] x = images(1024, 1);
        JavaRDD<byte[]> data = sc.parallelize(Arrays.asList(x), 3);
        SafeTensors plain = SingleMachine.train(program, x, SEED, 50, 256, false);
        for (int p : List.of(1, 2, 4)) {
            var run = Distributed.train(sc, data, program, SEED, p, 50, 256, step -> {});
            double d = SingleMachine.maxDifference(plain, run.params());
            System.err.println(p + " partition(s) vs plain Svi after 50 steps: " + d);
            System.err.println("local[2], " + p + " partition(s): " + run.cost());
            if (p == 1) {
                assertThat(d).isZero();
            } else {
                assertThat(d).isLessThan(5e-5);
            }
        }
    }

    /** A program whose likelihood has scale 0: its loss is not finite. */
    record Degenerate() implements ShardProgram<byte[], Tensor> {
        @Override
        public Shard<Tensor> create() {
            return new Shard<>(
                    x -> {
                        Tensor loc = Ppl.param("loc", () -> Tensor.zeros(DType.F32, 784));
                        try (Plate data = Ppl.plate("data", x.dim(0))) {
                            Ppl.sample("obs", Normal.of(loc, 0.0).toEvent(1), x);
                        }
                    },
                    x -> {});
        }

        @Override
        public Tensor args(List<byte[]> rows) {
            return new VaeProgram(1, 1).args(rows);
        }
    }

    @Test
    void aLossThatIsNotFiniteNamesThePartitionAndTheSite() {
        byte[][] x = images(8, 3);
        PplContext.current().validationEnabled(false);
        try (ParamStore store = new ParamStore();
                Adam adam = new Adam(1e-3);
                var svi =
                        new SparkSvi<>(
                                sc,
                                sc.parallelize(Arrays.asList(x), 2),
                                2,
                                new Degenerate(),
                                adam);
                var scope = new TensorScope()) {
            ParamStore previous = PplContext.current().paramStore(store);
            try {
                assertThatThrownBy(() -> svi.step(new int[] {0, 5}))
                        .isInstanceOf(PplException.class)
                        .hasMessageContaining("partition ")
                        .hasMessageContaining("the log-density of site 'obs'");
                assertThatThrownBy(() -> svi.step(new int[] {3, 8}))
                        .hasMessageContaining("example id 8 is outside 0..7");
            } finally {
                PplContext.current().paramStore(previous);
                PplContext.current().validationEnabled(true);
            }
        }
    }
}
