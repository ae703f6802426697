package org.ppl4j.infer.autoguide;

import static org.ppl4j.Ppl.param;

import java.util.function.Consumer;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.distributions.MultivariateNormal;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * A normal guide with full covariance over all latents flattened into one unconstrained vector
 * (Pyro's {@code AutoMultivariateNormal}): params {@code loc}, initialized at the prior median, and
 * {@code scale_tril} (constraint {@link Constraints#lowerCholesky()}), initialized to {@code
 * initScale} times the identity. It captures correlations between latents that {@link
 * AutoDiagonalNormal} cannot, at {@code O(n^2)} params.
 *
 * <pre>{@code
 * var guide = new AutoMultivariateNormal<Tensor>(model);
 * var svi = new Svi<>(model, guide, new Adam(0.01), new TraceElbo());
 * }</pre>
 *
 * @param <A> the type of the arguments model and guide take
 */
public final class AutoMultivariateNormal<A> extends AutoContinuous<A> {
    private final double initScale;

    /** A guide for {@code model} with initial scale 0.1. */
    public AutoMultivariateNormal(Consumer<A> model) {
        this(model, 0.1);
    }

    /** A guide for {@code model} with the given initial scale ({@code > 0}). */
    public AutoMultivariateNormal(Consumer<A> model, double initScale) {
        super(model);
        if (!(initScale > 0)) {
            throw new PplException(
                    "AutoMultivariateNormal: initScale must be > 0, got " + initScale);
        }
        this.initScale = initScale;
    }

    /** {@code MultivariateNormal.ofScaleTril(loc, scale_tril)}. */
    @Override
    protected Distribution posterior() {
        int n = latentDim();
        Tensor loc = param(prefix() + ".loc", this::initialLoc);
        Tensor scaleTril =
                param(
                        prefix() + ".scale_tril",
                        () -> Functions.diagEmbed(Tensor.full(Shape.of(n), initScale, dtype())),
                        Constraints.lowerCholesky());
        return MultivariateNormal.ofScaleTril(loc, scaleTril);
    }
}
