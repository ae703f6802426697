package org.ppl4j.infer;

import java.util.List;
import java.util.Set;
import org.ppl4j.handlers.Trace;
import org.ppl4j.tensor.Tensor;

/**
 * What an {@link ElboLoss} computed for one step.
 *
 * @param loss the {@code -ELBO} estimate (a scalar, averaged over particles, not normalized by the
 *     data size, as Pyro returns it)
 * @param surrogateLoss a scalar whose gradient is the gradient estimate of {@code loss}
 * @param paramNames the params the model and guide read, in first-use order
 * @param traces the (model, guide) traces of every particle, for error reports
 */
public record ElboEstimate(
        Tensor loss, Tensor surrogateLoss, Set<String> paramNames, List<Trace> traces) {}
