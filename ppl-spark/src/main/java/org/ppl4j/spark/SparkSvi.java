package org.ppl4j.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.optim.Optimizer;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.RowKeys;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import scala.Tuple2;

/**
 * Data-parallel SVI on Apache Spark: the driver holds the params and the optimizer, the examples
 * stay cached on the executors, and each {@link #step} runs one Spark job in which every partition
 * computes the gradient of its share of the minibatch.
 *
 * <p>A step: the params go to the executors in a broadcast; each partition picks the minibatch's
 * examples it holds, runs the model and guide on them with its JVM's backend under {@link
 * Handlers#keyedNoise} (each example's noise keyed by (seed, step, site, example id)), and sends
 * back its part of the loss and of the gradient; the driver sums the parts in partition order and
 * lets the optimizer step, as {@code Svi} does. So the params after a step are those of
 * single-machine {@code Svi} run under the same keys, to float32 rounding (sums in another order),
 * for any number of partitions, and a retried task computes the same part again.
 *
 * <p>Like {@code Svi}, it uses the calling thread's param store and random stream: params are made
 * on the first step from the stream (which keyed steps do not read otherwise), the keys' seed is
 * the stream's seed, and a step's number is the optimizer's step count, so checkpoints of the store
 * and the optimizer continue a run here or on one machine. Executors pick the driver's backend by
 * name; every sample site must lie in the data plate.
 *
 * <pre>{@code
 * JavaRDD<byte[]> images = sc.binaryRecords(path, 784);    // example i = record i
 * var svi = new SparkSvi<>(sc, images, 4, new VaeProgram(50, 400), new Adam(1e-3));
 * try (var scope = new TensorScope()) {
 *     int[] order = PplContext.current().rng().permutation(svi.size());
 *     double loss = svi.step(Arrays.copyOfRange(order, 0, 256));
 * }
 * }</pre>
 *
 * @param <R> the type of one example
 * @param <A> the arguments' type of model and guide
 */
public final class SparkSvi<R, A> implements AutoCloseable {
    private final JavaSparkContext sc;
    private final JavaRDD<R> examples;
    private final ShardProgram<R, A> program;
    private final Optimizer optimizer;
    private final JavaRDD<RowBlock<R>> blocks;
    private final int partitions;
    private final int size;
    private StepCost cost = StepCost.NONE;
    private StepCost last = StepCost.NONE;

    /**
     * Spreads {@code examples} (example {@code i} is element {@code i} in the RDD's order) over
     * {@code partitions} partitions by id, caches them on the executors (one job now) and trains
     * {@code program} with {@code optimizer}.
     */
    public SparkSvi(
            JavaSparkContext sc,
            JavaRDD<R> examples,
            int partitions,
            ShardProgram<R, A> program,
            Optimizer optimizer) {
        if (partitions < 1) {
            throw new PplException("SparkSvi: partitions must be >= 1, got " + partitions);
        }
        this.sc = sc;
        this.examples = examples;
        this.program = program;
        this.optimizer = optimizer;
        this.partitions = partitions;
        this.blocks = blocks(examples, partitions);
        this.size = blocks.map(RowBlock::size).reduce(Integer::sum);
    }

    private static <R> JavaRDD<RowBlock<R>> blocks(JavaRDD<R> examples, int partitions) {
        return examples.zipWithIndex()
                .mapToPair(p -> new Tuple2<>(p._2(), p._1()))
                .partitionBy(new HashPartitioner(partitions))
                .mapPartitions(RowBlock::of, true)
                .persist(StorageLevel.MEMORY_ONLY());
    }

    /** The number of examples. */
    public int size() {
        return size;
    }

    /** The number of partitions the examples are spread over. */
    public int partitions() {
        return partitions;
    }

    /** The optimizer (its state is saved with checkpoints). */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The time of every step so far, split by part. */
    public StepCost cost() {
        return cost;
    }

    /** The time of the last step, split by part. */
    public StepCost lastCost() {
        return last;
    }

    /**
     * Takes one gradient step on the minibatch of examples {@code rows} (ids in {@code
     * 0..size()-1}, in minibatch order) and returns the loss before it, as {@code Svi.step} does.
     *
     * @throws PplException naming the site or param when the loss or a gradient is not finite
     */
    public double step(int[] rows) {
        checkRows(rows);
        PplContext ctx = PplContext.current();
        ParamStore store = ctx.paramStore();
        try (TensorScope scope = new TensorScope()) {
            long seed = ctx.rng().seed();
            long step = optimizer.stepsTaken();
            if (store.size() == 0) {
                createParams(seed, step);
            }
            long t0 = System.nanoTime();
            ParamSnapshot snapshot = ParamSnapshot.of(store);
            Broadcast<ParamSnapshot> params = sc.broadcast(snapshot);
            long t1 = System.nanoTime();
            List<ShardGradient> parts;
            try {
                ShardTask<R, A> task =
                        new ShardTask<>(
                                program,
                                params,
                                rows.clone(),
                                step,
                                seed,
                                scope.backend().name(),
                                ctx.validationEnabled());
                parts = new ArrayList<>(blocks.mapPartitionsWithIndex(task, true).collect());
            } catch (PplException e) {
                throw e;
            } catch (Exception e) {
                // Spark's job failures are checked exceptions it throws unchecked.
                throw new PplException(
                        "step "
                                + step
                                + ": the Spark job failed ("
                                + e.getMessage()
                                + "); the params and optimizer are as before the step, so it"
                                + " can be retried, or the run resumed from its last checkpoint",
                        e);
            } finally {
                params.destroy();
            }
            long t2 = System.nanoTime();
            parts.sort(Comparator.comparingInt(ShardGradient::partition));
            double loss = 0;
            long fetch = 0;
            long compute = 0;
            long critical = 0;
            for (ShardGradient g : parts) {
                if (g.problem() != null) {
                    throw new PplException("partition " + g.partition() + ": " + g.problem());
                }
                loss += g.loss();
                fetch = Math.max(fetch, g.fetchNanos());
                compute = Math.max(compute, g.computeNanos());
                critical = Math.max(critical, g.fetchNanos() + g.computeNanos());
            }
            Map<String, Tensor> grads = sum(parts, snapshot);
            long t3 = System.nanoTime();
            optimizer.step(store, grads);
            long t4 = System.nanoTime();
            last =
                    new StepCost(
                            1,
                            t1 - t0 + fetch,
                            compute,
                            t3 - t1 - fetch - compute,
                            t4 - t3,
                            t4 - t0);
            cost = cost.plus(last);
            return loss;
        }
    }

    private void checkRows(int[] rows) {
        if (rows == null || rows.length == 0) {
            throw new PplException("SparkSvi.step: give the ids of at least one example");
        }
        for (int r : rows) {
            if (r < 0 || r >= size) {
                throw new PplException(
                        "SparkSvi.step: example id "
                                + r
                                + " is outside 0.."
                                + (size - 1)
                                + ", the positions of the "
                                + size
                                + " examples in the RDD");
            }
        }
    }

    /**
     * Makes the params on the driver as the first step of {@code Svi} under keyed noise does: guide
     * and model run once (on example 0, without gradients), so the params are drawn from the stream
     * in the same order.
     */
    private void createParams(long seed, long step) {
        ShardProgram.Shard<A> s = program.create();
        A args = program.args(examples.take(1));
        RowKeys keys = new RowKeys(program.dataPlate(), seed, step, new int[] {0}, false);
        try (var noGrad = Autodiff.noGrad();
                var keyed = Handlers.keyedNoise(keys)) {
            program.loss().estimate(s.model(), s.guide(), args);
        }
    }

    /** Each param's gradient: the parts summed in partition order, in double, then rounded. */
    private static Map<String, Tensor> sum(List<ShardGradient> parts, ParamSnapshot params) {
        Map<String, Tensor> grads = new LinkedHashMap<>();
        List<String> names = params.names();
        for (int i = 0; i < names.size(); i++) {
            double[] acc = null;
            boolean floats = true;
            for (ShardGradient g : parts) {
                Object part = g.grads() == null ? null : g.grads()[i];
                if (part == null) {
                    continue;
                }
                if (part instanceof float[] f) {
                    acc = acc == null ? new double[f.length] : acc;
                    for (int k = 0; k < f.length; k++) {
                        acc[k] += f[k];
                    }
                } else {
                    double[] d = (double[]) part;
                    floats = false;
                    acc = acc == null ? new double[d.length] : acc;
                    for (int k = 0; k < d.length; k++) {
                        acc[k] += d[k];
                    }
                }
            }
            if (acc == null) {
                continue;
            }
            for (double v : acc) {
                if (!Double.isFinite(v)) {
                    throw new PplException(
                            "the gradient of param '"
                                    + names.get(i)
                                    + "' is not finite; lower the learning rate or check the sites"
                                    + " that use it");
                }
            }
            int[] shape = params.shape(i);
            grads.put(
                    names.get(i),
                    floats ? Tensor.of(toFloats(acc), shape) : Tensor.of(acc, DType.F64, shape));
        }
        return grads;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** Drops the cached examples (the optimizer and params stay the caller's). */
    @Override
    public void close() {
        blocks.unpersist(false);
    }
}
