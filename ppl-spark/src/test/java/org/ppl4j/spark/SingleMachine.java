package org.ppl4j.spark;

import java.util.Arrays;
import java.util.Map;
import org.ppl4j.PplContext;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.infer.Svi;
import org.ppl4j.infer.TraceElbo;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.random.RowKeys;
import org.ppl4j.spark.vae.VaeProgram;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * The reference the distributed runs are compared with: plain {@code Svi} on one machine, each step
 * under the keys of its minibatch, with minibatches taken in order from one seeded shuffle.
 */
public final class SingleMachine {
    private SingleMachine() {}

    /** The minibatch {@code step} of {@code order} with {@code batch} examples. */
    static int[] minibatch(int[] order, int step, int batch) {
        int from = (step * batch) % order.length;
        return Arrays.copyOfRange(order, from, Math.min(order.length, from + batch));
    }

    /** The params after {@code steps} keyed steps of plain SVI on {@code images}. */
    static SafeTensors train(
            VaeProgram program, byte[][] images, long seed, int steps, int batch, boolean jit) {
        return train(program, images, seed, steps, batch, jit, new long[1]);
    }

    /** Milliseconds per eager step after {@code warmup} steps. */
    static double millisPerStep(
            VaeProgram program, byte[][] images, int warmup, int steps, int batch) {
        long[] start = {warmup};
        train(program, images, 0, warmup + steps, batch, false, start);
        return (System.nanoTime() - start[0]) / 1e6 / steps;
    }

    /** Trains; {@code clock[0]} goes in as the step to start the clock at, out as its time. */
    private static SafeTensors train(
            VaeProgram program,
            byte[][] images,
            long seed,
            int steps,
            int batch,
            boolean jit,
            long[] clock) {
        long clockAt = clock[0];
        PplContext ctx = PplContext.current();
        ParamStore previous = ctx.paramStore();
        try (ParamStore store = new ParamStore();
                Adam adam = new Adam(1e-3)) {
            ctx.paramStore(store);
            ctx.rng(new Rng(seed));
            ctx.validationEnabled(false);
            ShardProgram.Shard<Tensor> s = program.create();
            Svi<Tensor> svi = new Svi<>(s.model(), s.guide(), adam, new TraceElbo());
            svi = jit ? svi.compiled() : svi;
            int[] order = ctx.rng().permutation(images.length);
            for (int step = 0; step < steps; step++) {
                if (step == clockAt) {
                    clock[0] = System.nanoTime();
                }
                int[] rows = minibatch(order, step, batch);
                RowKeys keys = new RowKeys("data", seed, step, rows, false);
                try (TensorScope scope = new TensorScope();
                        var keyed = Handlers.keyedNoise(keys)) {
                    svi.step(program.args(Arrays.stream(rows).mapToObj(r -> images[r]).toList()));
                }
            }
            return store.state();
        } finally {
            ctx.paramStore(previous);
            ctx.validationEnabled(true);
        }
    }

    /** The largest absolute difference between the params of {@code a} and {@code b}. */
    public static double maxDifference(SafeTensors a, SafeTensors b) {
        double worst = 0;
        for (Map.Entry<String, HostArray> e : a.arrays().entrySet()) {
            double[] x = e.getValue().toDoubleArray();
            double[] y = b.get(e.getKey()).toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]));
            }
        }
        return worst;
    }
}
