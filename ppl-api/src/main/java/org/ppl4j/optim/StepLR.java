package org.ppl4j.optim;

import org.ppl4j.core.PplException;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs (PyTorch's {@code
 * StepLR}, chainable form).
 *
 * <pre>{@code
 * LrScheduler schedule = new StepLR(adam, 2, 0.5); // lr, lr, lr/2, lr/2, lr/4, ...
 * }</pre>
 */
public final class StepLR extends LrScheduler {
    private final int stepSize;
    private final double gamma;

    /** Decays {@code optimizer}'s learning rates by {@code gamma} every {@code stepSize} epochs. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) {
            throw new PplException("StepLR: step_size must be >= 1, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    /** {@link #StepLR(Optimizer, int, double)} with PyTorch's default gamma 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    double next(double lr, long epoch) {
        return epoch % stepSize == 0 ? lr * gamma : lr;
    }
}
