package org.ppl4j.spark;

import java.io.Serializable;

/**
 * What one partition sends back for a step: its part of the loss and of each param's gradient, how
 * many examples it held, and how long it took to get the params and to compute.
 *
 * @param partition the partition's index
 * @param rows the number of the step's examples it held (0: it sent nothing else)
 * @param loss its part of {@code -ELBO}
 * @param problem why its loss is not finite, naming the site; null when it is
 * @param grads per param of the snapshot, in its order: a {@code float[]} or {@code double[]}, or
 *     null where its part of the ELBO does not read the param
 * @param fetchNanos the time to get the params from the broadcast
 * @param computeNanos the time to run model and guide and differentiate
 * @param executor the executor that ran it
 */
record ShardGradient(
        int partition,
        int rows,
        double loss,
        String problem,
        Object[] grads,
        long fetchNanos,
        long computeNanos,
        String executor)
        implements Serializable {
    /** A partition that holds none of the step's examples. */
    static ShardGradient empty(int partition, String executor) {
        return new ShardGradient(partition, 0, 0, null, null, 0, 0, executor);
    }
}
