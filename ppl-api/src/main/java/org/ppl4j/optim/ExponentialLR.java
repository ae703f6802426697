package org.ppl4j.optim;

/**
 * Multiplies the learning rate by {@code gamma} every epoch (PyTorch's {@code ExponentialLR},
 * chainable form).
 *
 * <pre>{@code
 * LrScheduler schedule = new ExponentialLR(adam, 0.9); // lr, 0.9 lr, 0.81 lr, ...
 * }</pre>
 */
public final class ExponentialLR extends LrScheduler {
    private final double gamma;

    /** Decays {@code optimizer}'s learning rates by {@code gamma} per epoch. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
    }

    @Override
    double next(double lr, long epoch) {
        return lr * gamma;
    }
}
