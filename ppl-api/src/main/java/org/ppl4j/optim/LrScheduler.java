package org.ppl4j.optim;

/**
 * Changes an optimizer's learning rates once per {@link #step()}, usually once per epoch (PyTorch's
 * {@code lr_scheduler} as wrapped by Pyro's {@code PyroLRScheduler}).
 *
 * <p>As in Pyro, each param has its own schedule: a param that first gets a gradient after some
 * scheduler steps starts at the initial learning rate with its own epoch count. The epoch counts
 * are part of the optimizer's {@link Optimizer#state()}, so a checkpoint resumes the schedule.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3);
 * LrScheduler schedule = new StepLR(adam, 10, 0.1);
 * for (int epoch = 0; epoch < 30; epoch++) {
 *     trainOneEpoch(adam);
 *     schedule.step();
 * }
 * }</pre>
 */
public abstract sealed class LrScheduler permits StepLR, ExponentialLR {
    private final Optimizer optimizer;

    LrScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    /**
     * The learning rate for epoch {@code epoch} (at least 1) given the previous epoch's {@code lr},
     * PyTorch's chainable form.
     */
    abstract double next(double lr, long epoch);

    /** Advances every param's epoch by one and updates its learning rate. */
    public final void step() {
        for (ParamState st : optimizer.paramStates()) {
            st.epoch++;
            st.lr = next(st.lr, st.epoch);
        }
    }

    /** The optimizer whose learning rates this scheduler sets. */
    public final Optimizer optimizer() {
        return optimizer;
    }
}
