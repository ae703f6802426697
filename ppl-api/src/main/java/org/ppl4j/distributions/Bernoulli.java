package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The Bernoulli distribution over {0, 1}, given by {@code probs} or by {@code logits}; the log mass
 * is always computed through logits, as {@code -binaryCrossEntropyWithLogits(logits, value)}.
 *
 * <p>From probs, the logits are PyTorch's: {@code p} clamped to {@code [eps, 1 - eps]} (the dtype's
 * machine epsilon), then {@code log(p) - log1p(-p)}. With validation off, values anywhere in [0, 1]
 * are accepted, as Pyro's VAE tutorial does with grey-level pixels.
 *
 * <pre>{@code
 * sample("obs", Bernoulli.probs(decoder.forward(z)).toEvent(1), x);
 * }</pre>
 */
public final class Bernoulli extends Distribution {
    private final Tensor probs;
    private final Tensor logits;

    private Bernoulli(Tensor probs, Tensor logits, boolean validate, boolean check) {
        super((probs != null ? probs : logits).shape(), Shape.scalar(), validate);
        this.probs = probs;
        this.logits = logits;
        if (check && probs != null) {
            checkParam(
                    "probs",
                    probs,
                    Constraints.unitInterval(),
                    "pass probabilities in [0, 1], e.g. sigmoid(x), or use Bernoulli.logits(x)");
        } else if (check) {
            checkParam(
                    "logits",
                    logits,
                    Constraints.real(),
                    "a NaN logit usually comes from a diverging computation upstream; check the"
                            + " inputs or lower the learning rate");
        }
    }

    /** A Bernoulli with success probabilities {@code probs} in [0, 1]. */
    public static Bernoulli probs(Tensor probs) {
        PplException.nonNull(probs, "probs", "Bernoulli.probs");
        boolean v = defaultValidation();
        return new Bernoulli(probs, null, v, v);
    }

    /**
     * A Bernoulli with success probabilities {@code probs}, validated or not regardless of the
     * context's default (Pyro's {@code validate_args}).
     */
    public static Bernoulli probs(Tensor probs, boolean validate) {
        PplException.nonNull(probs, "probs", "Bernoulli.probs");
        return new Bernoulli(probs, null, validate, validate);
    }

    /** A Bernoulli with log-odds {@code logits}. */
    public static Bernoulli logits(Tensor logits) {
        PplException.nonNull(logits, "logits", "Bernoulli.logits");
        boolean v = defaultValidation();
        return new Bernoulli(null, logits, v, v);
    }

    /** The success probabilities ({@code sigmoid(logits)} when given logits). */
    public Tensor probs() {
        return probs != null ? probs : logits.sigmoid();
    }

    /** The log-odds (from probs: clamped to {@code [eps, 1 - eps]}, then the logit). */
    public Tensor logits() {
        return logits != null ? logits : logitsOf(probs);
    }

    /** PyTorch's {@code probs_to_logits}: the logit of p clamped to {@code [eps, 1 - eps]}. */
    static Tensor logitsOf(Tensor probs) {
        double eps = Constraints.eps(probs.dtype());
        Tensor p = probs.clamp(eps, 1.0 - eps);
        return p.log().sub(p.neg().log1p());
    }

    /** Draws {@code u < probs} for uniforms {@code u} from the context's random stream. */
    @Override
    public Tensor sample(int... sampleShape) {
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            Tensor p = probs().detach();
            Tensor u = Rng.current().uniform(shape(sampleShape), p.dtype());
            return u.lt(p);
        }
    }

    @Override
    public Tensor logProb(Tensor value) {
        Tensor l = logits();
        checkValue(value, l.dtype());
        return Functions.binaryCrossEntropyWithLogits(l, value).neg();
    }

    @Override
    protected String valueFix() {
        return "observations must be 0 or 1; for continuous targets in [0, 1] (e.g. grey-level"
                + " pixels, as Pyro's VAE tutorial uses) call withValidation(false) on this"
                + " distribution";
    }

    @Override
    public Tensor mean() {
        return probs();
    }

    @Override
    public Tensor variance() {
        Tensor p = probs();
        return p.mul(p.neg().add(1.0));
    }

    @Override
    public Constraint support() {
        return Constraints.bool();
    }

    @Override
    public Bernoulli expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Bernoulli(
                probs == null ? null : probs.broadcastTo(to),
                logits == null ? null : logits.broadcastTo(to),
                validationEnabled(),
                false);
    }

    @Override
    public Bernoulli withValidation(boolean on) {
        return on == validationEnabled() ? this : new Bernoulli(probs, logits, on, on);
    }
}
