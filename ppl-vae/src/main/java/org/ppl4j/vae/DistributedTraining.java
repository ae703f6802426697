package org.ppl4j.vae;

import com.google.inject.Module;

/**
 * Data-parallel training of the VAE on a cluster engine, found with {@link java.util.ServiceLoader}
 * when {@code train --spark} asks for it: the ppl-spark jar provides one, so the app itself never
 * depends on Spark.
 *
 * <p>The session it binds trains each minibatch data-parallel, draws noise keyed by image (so it
 * computes what single-machine training with {@code --keyed-noise} computes), and writes the same
 * checkpoints as the single-machine session: either continues the other's run.
 */
public interface DistributedTraining {
    /**
     * The module that binds {@link VaeSession} to a session training on the cluster at {@code
     * master} (e.g. {@code spark://host:7077}, {@code local[4]}) with the training images spread
     * over {@code partitions} partitions (0: the engine's default).
     */
    Module sessionModule(String master, int partitions);
}
