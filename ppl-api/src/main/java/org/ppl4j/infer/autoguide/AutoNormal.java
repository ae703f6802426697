package org.ppl4j.infer.autoguide;

import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.sample;

import java.util.List;
import java.util.function.Consumer;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Normal;
import org.ppl4j.handlers.Handler;
import org.ppl4j.handlers.Site;
import org.ppl4j.tensor.Tensor;

/**
 * A mean-field normal guide in unconstrained space, one {@code loc} and {@code scale} per latent
 * site (Pyro's {@code AutoNormal}, initialized to feasible values with scale 0.1).
 *
 * <pre>{@code
 * var guide = new AutoNormal<Tensor>(model);
 * var svi = new Svi<>(model, guide, new Adam(0.01), new TraceElbo());
 * }</pre>
 *
 * @param <A> the type of the arguments model and guide take
 */
public final class AutoNormal<A> extends AutoGuide<A> {
    private final double initScale;

    /** A guide for {@code model} with initial scale 0.1. */
    public AutoNormal(Consumer<A> model) {
        this(model, 0.1);
    }

    /** A guide for {@code model} with the given initial scale. */
    public AutoNormal(Consumer<A> model, double initScale) {
        super(model);
        this.initScale = initScale;
    }

    @Override
    protected void run() {
        for (Site s : latents()) {
            List<Handler> plates = enterPlates(s);
            try {
                int eventDim = s.fn().eventShape().rank();
                int[] shape = valueShape(s);
                Tensor loc =
                        param(
                                prefix() + ".locs." + s.name(),
                                () -> Tensor.zeros(s.value().dtype(), shape));
                Tensor scale =
                        param(
                                prefix() + ".scales." + s.name(),
                                () -> Tensor.full(Shape.of(shape), initScale, s.value().dtype()),
                                Constraints.positive());
                Tensor u =
                        sample(
                                s.name() + "_unconstrained",
                                Normal.of(loc, scale).toEvent(eventDim));
                sampleConstrained(s, u);
            } finally {
                closeAll(plates);
            }
        }
    }
}
