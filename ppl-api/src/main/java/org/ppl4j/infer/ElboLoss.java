package org.ppl4j.infer;

import java.util.function.Consumer;

/**
 * An ELBO estimator: runs a guide and a model and returns the loss and a differentiable surrogate
 * whose gradient is the gradient estimate (Pyro's {@code ELBO} classes).
 */
public interface ElboLoss {
    /** One estimate of {@code -ELBO} for {@code args}, with the surrogate for gradients. */
    <A> ElboEstimate estimate(Consumer<A> model, Consumer<A> guide, A args);
}
