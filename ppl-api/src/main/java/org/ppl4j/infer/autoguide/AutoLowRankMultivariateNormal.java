package org.ppl4j.infer.autoguide;

import static org.ppl4j.Ppl.param;

import java.util.function.Consumer;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.distributions.LowRankMultivariateNormal;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * A normal guide over all latents flattened into one unconstrained vector whose covariance is a
 * rank-{@code r} factor plus a diagonal (Pyro's {@code AutoLowRankMultivariateNormal}): params
 * {@code loc} (the prior median), {@code cov_factor} ({@code [n, r]}) and {@code cov_diag}
 * (positive), {@code O(n r)} of them. The rank defaults to {@code round(sqrt(n))}, as in Pyro. The
 * factor starts as normal draws of standard deviation {@code initScale sqrt(0.5 / r)} from the
 * context's stream (the same on every backend for one seed), the diagonal at {@code 0.5
 * initScale^2}, so that each latent's initial variance is about {@code initScale^2}, half from
 * each.
 *
 * <pre>{@code
 * var guide = new AutoLowRankMultivariateNormal<Tensor>(model);  // rank round(sqrt(n))
 * var guide2 = new AutoLowRankMultivariateNormal<Tensor>(model, 0.1, 3);
 * }</pre>
 *
 * @param <A> the type of the arguments model and guide take
 */
public final class AutoLowRankMultivariateNormal<A> extends AutoContinuous<A> {
    private final double initScale;
    private final int rank;

    /** A guide for {@code model} with initial scale 0.1 and rank {@code round(sqrt(n))}. */
    public AutoLowRankMultivariateNormal(Consumer<A> model) {
        this(model, 0.1, 0);
    }

    /**
     * A guide for {@code model} with the given initial scale ({@code > 0}) and rank ({@code >= 1},
     * or 0 for {@code round(sqrt(n))}).
     */
    public AutoLowRankMultivariateNormal(Consumer<A> model, double initScale, int rank) {
        super(model);
        if (!(initScale > 0) || rank < 0) {
            throw new PplException(
                    "AutoLowRankMultivariateNormal: initScale must be > 0 and rank >= 1 (or 0 for"
                            + " the default), got initScale "
                            + initScale
                            + " and rank "
                            + rank);
        }
        this.initScale = initScale;
        this.rank = rank;
    }

    /** The rank in use: the given one, else {@code round(sqrt(n))} (at least 1). */
    public int rank() {
        return rank > 0 ? rank : (int) Math.max(1, Math.round(Math.sqrt(latentDim())));
    }

    /** {@code LowRankMultivariateNormal.of(loc, cov_factor, cov_diag)}. */
    @Override
    protected Distribution posterior() {
        int n = latentDim();
        int r = rank();
        Tensor loc = param(prefix() + ".loc", this::initialLoc);
        Tensor factor =
                param(
                        prefix() + ".cov_factor",
                        () ->
                                Rng.current()
                                        .normal(Shape.of(n, r), dtype())
                                        .mul(initScale * Math.sqrt(0.5 / r)));
        Tensor diag =
                param(
                        prefix() + ".cov_diag",
                        () -> Tensor.full(Shape.of(n), 0.5 * initScale * initScale, dtype()),
                        Constraints.positive());
        return LowRankMultivariateNormal.of(loc, factor, diag);
    }
}
