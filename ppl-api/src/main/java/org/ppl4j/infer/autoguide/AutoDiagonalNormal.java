package org.ppl4j.infer.autoguide;

import static org.ppl4j.Ppl.param;

import java.util.function.Consumer;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.distributions.Normal;
import org.ppl4j.tensor.Tensor;

/**
 * A normal guide with diagonal covariance over all latents flattened into one unconstrained vector
 * (Pyro's {@code AutoDiagonalNormal}, initialized at the prior median with scale 0.1).
 *
 * <pre>{@code
 * var guide = new AutoDiagonalNormal<Tensor>(model);
 * }</pre>
 *
 * @param <A> the type of the arguments model and guide take
 */
public final class AutoDiagonalNormal<A> extends AutoContinuous<A> {
    private final double initScale;

    /** A guide for {@code model} with initial scale 0.1. */
    public AutoDiagonalNormal(Consumer<A> model) {
        this(model, 0.1);
    }

    /** A guide for {@code model} with the given initial scale. */
    public AutoDiagonalNormal(Consumer<A> model, double initScale) {
        super(model);
        this.initScale = initScale;
    }

    /**
     * {@code Normal(loc, scale).toEvent(1)} with params {@code loc} and {@code scale} (positive).
     */
    @Override
    protected Distribution posterior() {
        int dim = latentDim();
        Tensor loc = param(prefix() + ".loc", this::initialLoc);
        Tensor scale =
                param(
                        prefix() + ".scale",
                        () -> Tensor.full(Shape.of(dim), initScale, dtype()),
                        Constraints.positive());
        return Normal.of(loc, scale).toEvent(1);
    }
}
