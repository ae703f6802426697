package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;

/**
 * The geometric distribution: the number of failures before the first success of Bernoulli trials
 * with success probability {@code probs} (or {@code sigmoid(logits)}), as PyTorch's. Values are
 * float tensors holding counts {@code 0, 1, 2, ...}.
 *
 * <pre>{@code
 * Tensor misses = sample("misses", Geometric.probs(p));
 * }</pre>
 */
public final class Geometric extends Distribution {
    private final Tensor probs;

    private Geometric(Tensor probs, boolean validate, boolean check) {
        super(probs.shape(), Shape.scalar(), validate);
        this.probs = probs;
        if (check) {
            checkParam(
                    "probs",
                    probs,
                    Constraints.unitInterval(),
                    "pass probabilities in [0, 1], e.g. sigmoid(x), or use Geometric.logits(x)");
        }
    }

    /** A geometric with success probabilities {@code probs} in [0, 1]. */
    public static Geometric probs(Tensor probs) {
        PplException.nonNull(probs, "probs", "Geometric.probs");
        boolean v = defaultValidation();
        return new Geometric(probs, v, v);
    }

    /** A scalar geometric of the given dtype on the current scope's backend. */
    public static Geometric probs(double probs, DType dtype) {
        return probs(Tensor.scalar(probs, dtype));
    }

    /** A geometric with success log-odds {@code logits}. */
    public static Geometric logits(Tensor logits) {
        PplException.nonNull(logits, "logits", "Geometric.logits");
        boolean v = defaultValidation();
        return new Geometric(logits.sigmoid(), v, v);
    }

    /** The success probabilities. */
    public Tensor probs() {
        return probs;
    }

    /**
     * {@code floor(log u / log1p(-p))} for uniforms {@code u} (clamped below at the dtype's
     * smallest normal number) from the context's random stream, as PyTorch draws it.
     */
    @Override
    public Tensor sample(int... sampleShape) {
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            Tensor p = probs.detach();
            DType dt = p.dtype();
            Tensor u = Rng.current().uniform(shape(sampleShape), dt);
            return u.maximum(Constraints.tiny(dt)).log().div(p.neg().log1p()).floor();
        }
    }

    /**
     * {@code k log1p(-p) + log p}, with the first term 0 where {@code p = 1} and {@code k = 0} (as
     * PyTorch, instead of {@code 0 * -inf}).
     */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, probs.dtype());
        Tensor certain = probs.eq(1.0).mul(value.eq(0.0));
        Tensor p = certain.where(probs.zerosLike(), probs);
        return value.mul(p.neg().log1p()).add(probs.log());
    }

    @Override
    public Tensor mean() {
        return probs.pow(-1.0).sub(1.0);
    }

    @Override
    public Tensor variance() {
        return probs.pow(-1.0).sub(1.0).div(probs);
    }

    @Override
    public Constraint support() {
        return Constraints.nonnegativeInteger();
    }

    @Override
    public Geometric expand(int... batchShape) {
        return new Geometric(
                probs.broadcastTo(expandedShape(batchShape)), validationEnabled(), false);
    }

    @Override
    public Geometric withValidation(boolean on) {
        return on == validationEnabled() ? this : new Geometric(probs, on, on);
    }
}
