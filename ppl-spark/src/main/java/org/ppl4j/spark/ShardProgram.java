package org.ppl4j.spark;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;
import org.ppl4j.infer.ElboLoss;
import org.ppl4j.infer.TraceElbo;

/**
 * What executors rebuild of an SVI problem to compute their shard's gradient: a serializable recipe
 * for the model and guide and for their arguments from a shard's examples. It is shipped with every
 * task, so it holds settings (sizes, dtypes), never tensors.
 *
 * <p>The model and guide must put their data in the plate named {@link #dataPlate()}, with one
 * entry per example handed to {@link #args}, in that order, and every sample site inside it (a
 * shard counts only its examples). Params are made on the driver, from its random stream, and
 * shipped.
 *
 * <pre>{@code
 * record VaeProgram(int zDim, int hidden) implements ShardProgram<float[], Tensor> {
 *     public Shard<Tensor> create() {
 *         Vae vae = new Vae(zDim, hidden, DType.F32);
 *         return new Shard<>(vae::model, vae::guide);
 *     }
 *     public Tensor args(List<float[]> rows) { ...  one [rows, 784] tensor ... }
 * }
 * }</pre>
 *
 * @param <R> the type of one example (one element of the data set's RDD)
 * @param <A> the type of the arguments model and guide take
 */
public interface ShardProgram<R, A> extends Serializable {
    /**
     * A model and a guide over arguments of type {@code A}.
     *
     * @param model the model
     * @param guide the guide
     * @param <A> the arguments' type
     */
    record Shard<A>(Consumer<A> model, Consumer<A> guide) {}

    /** A fresh model and guide, for one task on one thread (and once on the driver). */
    Shard<A> create();

    /** The arguments of model and guide for {@code rows}, in order; called inside a scope. */
    A args(List<R> rows);

    /** The ELBO estimator, made anew for each task (default: {@link TraceElbo}). */
    default ElboLoss loss() {
        return new TraceElbo();
    }

    /** The name of the data plate (default {@code data}). */
    default String dataPlate() {
        return "data";
    }
}
