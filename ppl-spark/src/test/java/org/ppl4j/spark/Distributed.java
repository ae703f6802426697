package org.ppl4j.spark;

import java.util.function.IntConsumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.ppl4j.PplContext;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.spark.vae.VaeProgram;
import org.ppl4j.tensor.TensorScope;

/** Training runs with {@link SparkSvi}, as {@link SingleMachine} trains on one machine. */
final class Distributed {
    private Distributed() {}

    /** A run's params and what its steps cost (after the warm-up steps, if any). */
    record Run(SafeTensors params, StepCost cost) {}

    /** {@link #train} whose cost leaves out the first {@code warmup} steps. */
    static Run timed(
            JavaSparkContext sc,
            JavaRDD<byte[]> data,
            VaeProgram program,
            int partitions,
            int warmup,
            int steps,
            int batch) {
        return train(sc, data, program, 0, partitions, warmup + steps, batch, warmup, s -> {});
    }

    /**
     * The params after {@code steps} steps of {@code program} on {@code data} in {@code partitions}
     * partitions, with the minibatches of {@link SingleMachine#train}; {@code beforeStep} is told
     * each step's number first.
     */
    static Run train(
            JavaSparkContext sc,
            JavaRDD<byte[]> data,
            VaeProgram program,
            long seed,
            int partitions,
            int steps,
            int batch,
            IntConsumer beforeStep) {
        return train(sc, data, program, seed, partitions, steps, batch, 0, beforeStep);
    }

    private static Run train(
            JavaSparkContext sc,
            JavaRDD<byte[]> data,
            VaeProgram program,
            long seed,
            int partitions,
            int steps,
            int batch,
            int warmup,
            IntConsumer beforeStep) {
        PplContext ctx = PplContext.current();
        ParamStore previous = ctx.paramStore();
        try (ParamStore store = new ParamStore();
                Adam adam = new Adam(1e-3)) {
            ctx.paramStore(store);
            ctx.rng(new Rng(seed));
            ctx.validationEnabled(false);
            StepCost cost;
            try (var svi = new SparkSvi<>(sc, data, partitions, program, adam);
                    var scope = new TensorScope()) {
                int[] order = ctx.rng().permutation(svi.size());
                StepCost warm = StepCost.NONE;
                for (int step = 0; step < steps; step++) {
                    if (step == warmup) {
                        warm = svi.cost();
                    }
                    beforeStep.accept(step);
                    svi.step(SingleMachine.minibatch(order, step, batch));
                }
                cost = svi.cost().minus(warm);
            }
            return new Run(store.state(), cost);
        } finally {
            ctx.paramStore(previous);
            ctx.validationEnabled(true);
        }
    }
}
