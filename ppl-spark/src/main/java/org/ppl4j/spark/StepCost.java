package org.ppl4j.spark;

import java.util.Locale;

/**
 * Where the time of data-parallel SVI steps went, summed over {@link #steps} steps, in nanoseconds.
 *
 * <p>The parts add up to {@link #totalNanos}: {@code broadcast} is the driver's copy of the params
 * to the host and into a broadcast plus the slowest executor's wait for them; {@code compute} the
 * slowest shard's model, guide and backward pass (the critical path; a shard that waited for a free
 * core is not counted); {@code aggregate} the rest of the job (scheduling the tasks, sending their
 * gradients back, the driver's sum); {@code update} the driver's optimizer step.
 *
 * @param steps the number of steps
 * @param broadcastNanos params to executors
 * @param computeNanos the slowest shard's gradient
 * @param aggregateNanos scheduling, results and their sum
 * @param updateNanos the optimizer step
 * @param totalNanos the steps' wall time
 */
public record StepCost(
        long steps,
        long broadcastNanos,
        long computeNanos,
        long aggregateNanos,
        long updateNanos,
        long totalNanos) {
    /** No steps yet. */
    public static final StepCost NONE = new StepCost(0, 0, 0, 0, 0, 0);

    /** The sum of this and {@code o}. */
    public StepCost plus(StepCost o) {
        return new StepCost(
                steps + o.steps,
                broadcastNanos + o.broadcastNanos,
                computeNanos + o.computeNanos,
                aggregateNanos + o.aggregateNanos,
                updateNanos + o.updateNanos,
                totalNanos + o.totalNanos);
    }

    /** This less {@code o} (e.g. the steps after a warm-up). */
    public StepCost minus(StepCost o) {
        return new StepCost(
                steps - o.steps,
                broadcastNanos - o.broadcastNanos,
                computeNanos - o.computeNanos,
                aggregateNanos - o.aggregateNanos,
                updateNanos - o.updateNanos,
                totalNanos - o.totalNanos);
    }

    /** Milliseconds per step of a part. */
    public double perStepMillis(long nanos) {
        return steps == 0 ? 0 : nanos / 1e6 / steps;
    }

    /**
     * E.g. {@code 50 steps: 212.0 ms/step = broadcast 31.0 + compute 95.2 + aggregate 80.1 + update
     * 5.7}.
     */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%d steps: %.1f ms/step = broadcast %.1f + compute %.1f + aggregate %.1f + update"
                        + " %.1f",
                steps,
                perStepMillis(totalNanos),
                perStepMillis(broadcastNanos),
                perStepMillis(computeNanos),
                perStepMillis(aggregateNanos),
                perStepMillis(updateNanos));
    }
}
