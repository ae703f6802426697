package org.ppl4j.infer.autoguide;

import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.sample;

import java.util.List;
import java.util.function.Consumer;
import org.ppl4j.distributions.Constraint;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Delta;
import org.ppl4j.distributions.Normal;
import org.ppl4j.handlers.Handler;
import org.ppl4j.handlers.Site;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Shape;
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
public final class AutoDiagonalNormal<A> extends AutoGuide<A> {
    private static final int MEDIAN_DRAWS = 15;
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

    @Override
    protected void run() {
        List<Site> sites = latents();
        int total = 0;
        for (Site s : sites) {
            total += Shape.of(valueShape(s)).size();
        }
        int dim = total;
        var dtype = sites.get(0).value().dtype();
        Tensor loc = param(prefix() + ".loc", this::initialLoc);
        Tensor scale =
                param(
                        prefix() + ".scale",
                        () -> Tensor.full(Shape.of(dim), initScale, dtype),
                        Constraints.positive());
        Tensor latent = sample("_" + prefix() + "_latent", Normal.of(loc, scale).toEvent(1));
        int offset = 0;
        for (Site s : sites) {
            int[] shape = valueShape(s);
            int n = Shape.of(shape).size();
            Tensor u = latent.narrow(0, offset, n).reshape(shape);
            offset += n;
            List<Handler> plates = enterPlates(s);
            try {
                Constraint support = s.fn().support();
                int eventDim = s.fn().eventShape().rank();
                Tensor z = support.toConstrained(u);
                Tensor logDensity =
                        Functions.sumRightmost(support.logAbsDetJacobian(u, z).neg(), eventDim);
                sample(s.name(), Delta.of(z, logDensity, eventDim));
            } finally {
                closeAll(plates);
            }
        }
    }

    private Tensor initialLoc() {
        Tensor[] parts = new Tensor[latents().size()];
        for (int i = 0; i < parts.length; i++) {
            Site s = latents().get(i);
            parts[i] = s.fn().support().toUnconstrained(priorMedian(s, MEDIAN_DRAWS)).reshape(-1);
        }
        return Tensor.concat(0, parts);
    }
}
