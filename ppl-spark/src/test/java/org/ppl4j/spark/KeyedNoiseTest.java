package org.ppl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.distributions.Gamma;
import org.ppl4j.distributions.Normal;
import org.ppl4j.distributions.Poisson;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.handlers.Plate;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.random.Rng;
import org.ppl4j.random.RowKeys;
import org.ppl4j.spark.vae.VaeProgram;
import org.ppl4j.tensor.TensorScope;

/** {@code Handlers.keyedNoise}: what makes shards draw the noise of the whole minibatch. */
class KeyedNoiseTest {
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = new TensorScope();
        PplContext.current().rng(new Rng(4));
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** The {@code z} a data plate of {@code n} rows draws, as floats, row after row. */
    private static float[] latent(int n, Distribution perRow) {
        try (Plate data = plate("data", n)) {
            return sample("z", perRow.expand(n, 3).toEvent(1)).toFloatArray();
        }
    }

    private static float[] keyedLatent(int step, boolean shard, int... rows) {
        try (var k = Handlers.keyedNoise(new RowKeys("data", 9, step, rows, shard))) {
            return latent(rows.length, Normal.of(0, 1));
        }
    }

    private static float[] row(float[] z, int r) {
        return Arrays.copyOfRange(z, 3 * r, 3 * r + 3);
    }

    @Test
    void anExampleDrawsTheSameNoiseInAnyMinibatchOrShardOfAStep() {
        float[] whole = keyedLatent(0, false, 5, 9, 2);
        float[] shard = keyedLatent(0, true, 2, 5);
        assertThat(row(shard, 1)).containsExactly(row(whole, 0));
        assertThat(row(shard, 0)).containsExactly(row(whole, 2));
        assertThat(row(keyedLatent(1, false, 5), 0)).isNotEqualTo(row(whole, 0));
    }

    @Test
    void keyedDrawsLeaveTheStreamAsItWasAndUnkeyedOnesReadItAsBefore() {
        long[] before = PplContext.current().rng().state();
        keyedLatent(0, false, 1, 2);
        assertThat(PplContext.current().rng().state()).containsExactly(before);
        float[] unkeyed = latent(2, Normal.of(0, 1));
        PplContext.current().rng(Rng.restore(before));
        float[] direct = Normal.of(0, 1).expand(2, 3).sample().toFloatArray();
        assertThat(unkeyed).containsExactly(direct);
    }

    @Test
    void aSiteOutsideThePlateIsKeyedBySiteAloneAndRefusedInAShard() {
        float[] a, b;
        try (var k = Handlers.keyedNoise(new RowKeys("data", 9, 3, new int[] {1}, false))) {
            a = sample("w", Normal.of(0, 1)).toFloatArray();
        }
        try (var k = Handlers.keyedNoise(new RowKeys("data", 9, 3, new int[] {7, 8}, false))) {
            b = sample("w", Normal.of(0, 1)).toFloatArray();
        }
        assertThat(b).containsExactly(a);
        assertThatThrownBy(
                        () -> {
                            try (var k =
                                    Handlers.keyedNoise(
                                            new RowKeys("data", 9, 3, new int[] {7}, true))) {
                                sample("w", Normal.of(0, 1));
                            }
                        })
                .hasMessageContaining("site 'w' is outside plate 'data'")
                .hasMessageContaining("one shard of the minibatch");
    }

    @Test
    void aDataPlateThatIsNotOneEntryPerKeyedRowIsRefused() {
        assertThatThrownBy(
                        () -> {
                            try (var k =
                                    Handlers.keyedNoise(
                                            new RowKeys("data", 9, 0, new int[] {1, 2}, false))) {
                                latent(3, Normal.of(0, 1));
                            }
                        })
                .hasMessageContaining("site 'z': plate 'data' has size 3 but 2 rows are keyed");
    }

    private static float[] keyedDraws(Distribution perRow, int... rows) {
        try (var k = Handlers.keyedNoise(new RowKeys("data", 9, 0, rows, true));
                Plate data = plate("data", rows.length)) {
            return sample("x", perRow.expand(rows.length)).toFloatArray();
        }
    }

    @Test
    void samplersWithAxesOfTheirOwnInFrontAreKeyedByRowToo() {
        // Gamma and Poisson draw rounds of proposals along a leading axis of their own.
        for (Distribution d : List.of(Gamma.of(2.0, 1.0, DType.F32), Poisson.of(3.0, DType.F32))) {
            float[] whole = keyedDraws(d, 4, 8, 15);
            float[] shard = keyedDraws(d, 15, 4);
            assertThat(shard).as(d.toString()).containsExactly(whole[2], whole[0]);
        }
    }

    @Test
    void compiledKeyedStepsMatchEagerOnesOverChangingMinibatches() {
        VaeProgram program = new VaeProgram(4, 16);
        byte[][] x = SparkSviTest.images(96, 2);
        SafeTensors eager = SingleMachine.train(program, x, 5, 6, 32, false);
        SafeTensors compiled = SingleMachine.train(program, x, 5, 6, 32, true);
        assertThat(SingleMachine.maxDifference(eager, compiled)).isLessThan(1e-5);
    }

    @Test
    void theKeysOfTheBlockAreInForceOnlyInsideIt() {
        RowKeys keys = new RowKeys("data", 9, 0, new int[] {3}, false);
        try (var k = Handlers.keyedNoise(keys)) {
            assertThat(PplContext.current().rowKeys()).isSameAs(keys);
        }
        assertThat(PplContext.current().rowKeys()).isNull();
    }
}
