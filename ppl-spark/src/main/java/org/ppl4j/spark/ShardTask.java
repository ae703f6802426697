package org.ppl4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.handlers.Site;
import org.ppl4j.handlers.Trace;
import org.ppl4j.infer.ElboEstimate;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.random.RowKeys;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * One step's work on one partition, run on an executor: the partition's share of the minibatch,
 * under the keys of its own examples, through model and guide on this JVM's backend, and the
 * gradient of its part of the ELBO. Everything it allocates lives in scopes closed before it
 * returns; the thread's {@link PplContext} is left as it was found.
 *
 * @param <R> the type of one example
 * @param <A> the arguments' type
 */
final class ShardTask<R, A>
        implements Function2<Integer, Iterator<RowBlock<R>>, Iterator<ShardGradient>> {
    private static final long serialVersionUID = 1L;

    private final ShardProgram<R, A> program;
    private final Broadcast<ParamSnapshot> params;
    private final int[] rows;
    private final long step;
    private final long seed;
    private final String backend;
    private final boolean validation;

    ShardTask(
            ShardProgram<R, A> program,
            Broadcast<ParamSnapshot> params,
            int[] rows,
            long step,
            long seed,
            String backend,
            boolean validation) {
        this.program = program;
        this.params = params;
        this.rows = rows;
        this.step = step;
        this.seed = seed;
        this.backend = backend;
        this.validation = validation;
    }

    @Override
    public Iterator<ShardGradient> call(Integer partition, Iterator<RowBlock<R>> blocks) {
        String executor = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
        if (!blocks.hasNext()) {
            return List.of(ShardGradient.empty(partition, executor)).iterator();
        }
        RowBlock<R> block = blocks.next();
        int[] at = block.positionsOf(rows);
        if (at.length == 0) {
            return List.of(ShardGradient.empty(partition, executor)).iterator();
        }
        int[] ids = new int[at.length];
        List<R> mine = new ArrayList<>(at.length);
        for (int i = 0; i < at.length; i++) {
            ids[i] = rows[at[i]];
            mine.add(block.row(ids[i]));
        }
        long t0 = System.nanoTime();
        ParamSnapshot snapshot = params.value();
        long t1 = System.nanoTime();
        RowKeys keys = new RowKeys(program.dataPlate(), seed, step, ids, ids.length < rows.length);
        ShardGradient g = compute(partition, executor, snapshot, keys, mine);
        long t2 = System.nanoTime();
        return List.of(
                        new ShardGradient(
                                partition,
                                ids.length,
                                g.loss(),
                                g.problem(),
                                g.grads(),
                                t1 - t0,
                                t2 - t1,
                                executor))
                .iterator();
    }

    private ShardGradient compute(
            int partition, String executor, ParamSnapshot snapshot, RowKeys keys, List<R> mine) {
        Backend b = Backends.get(backend);
        PplContext ctx = PplContext.current();
        Rng rng = ctx.rng();
        boolean validating = ctx.validationEnabled();
        ParamStore previous = ctx.paramStore();
        try (TensorScope scope = new TensorScope(b);
                ParamStore store = new ParamStore()) {
            store.setState(snapshot.toSafeTensors());
            ctx.paramStore(store);
            ctx.rng(new Rng(seed));
            ctx.validationEnabled(validation);
            ShardProgram.Shard<A> shard = program.create();
            A args = program.args(mine);
            ElboEstimate e;
            try (var keyed = Handlers.keyedNoise(keys)) {
                e = program.loss().estimate(shard.model(), shard.guide(), args);
            }
            double loss = e.loss().item();
            if (!Double.isFinite(loss)) {
                return new ShardGradient(
                        partition, keys.size(), loss, nonFinite(e, loss), null, 0, 0, executor);
            }
            List<String> names = snapshot.names();
            if (store.size() != names.size()) {
                throw new IllegalStateException(
                        "the model or guide created params on an executor ("
                                + store.names()
                                + "); create every param on the driver's first step");
            }
            List<String> used = new ArrayList<>();
            List<Tensor> leaves = new ArrayList<>();
            for (String n : e.paramNames()) {
                used.add(n);
                leaves.add(store.unconstrained(n));
            }
            Object[] grads = new Object[names.size()];
            if (!leaves.isEmpty()) {
                List<Tensor> g = Autodiff.grad(e.surrogateLoss(), leaves, false);
                for (int i = 0; i < used.size(); i++) {
                    Tensor t = g.get(i);
                    grads[names.indexOf(used.get(i))] =
                            t.dtype() == DType.F32 ? t.toFloatArray() : t.toDoubleArray();
                }
            }
            return new ShardGradient(partition, keys.size(), loss, null, grads, 0, 0, executor);
        } finally {
            ctx.paramStore(previous);
            ctx.rng(rng);
            ctx.validationEnabled(validating);
        }
    }

    /** Which site's log-density made the loss not finite, as single-machine SVI says it. */
    private static String nonFinite(ElboEstimate e, double value) {
        for (Trace t : e.traces()) {
            for (Site s : t.sampleSites()) {
                double lp = t.logProb(s.name()).sum().item();
                if (!Double.isFinite(lp)) {
                    return "loss is "
                            + value
                            + ": the log-density of site '"
                            + s.name()
                            + "' is "
                            + lp
                            + "; check its distribution's parameters and value (e.g. a scale of 0"
                            + " or a value outside the support)";
                }
            }
        }
        return "loss is " + value + " although every site's log-density is finite";
    }
}
