package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;

/**
 * The binomial distribution: successes in {@code totalCount} independent trials with success
 * probability {@code probs} (or {@code sigmoid(logits)}), both broadcast to the batch shape. Values
 * are float tensors holding counts {@code 0..totalCount}; draws are made on the backend (see {@code
 * CountSampler}).
 *
 * <pre>{@code
 * sample("heads", Binomial.of(Tensor.scalar(10, F32), fairness), observedHeads);
 * }</pre>
 */
public final class Binomial extends Distribution {
    private final Tensor totalCount;
    private final Tensor logits;
    private final Tensor probs;

    /** Holds the logits and, when given, the probs they came from; checks them if asked. */
    private Binomial(
            Tensor totalCount, Tensor logits, Tensor probs, boolean validate, boolean check) {
        super(
                Shape.broadcast("Binomial", totalCount.shape(), logits.shape()),
                Shape.scalar(),
                validate);
        sameDtype("totalCount", totalCount, "logits", logits);
        this.totalCount = totalCount;
        this.logits = logits;
        this.probs = probs;
        if (check) {
            checkParam(
                    "totalCount",
                    totalCount,
                    Constraints.nonnegativeInteger(),
                    "pass a whole number of trials >= 0");
            if (probs != null) {
                checkParam(
                        "probs",
                        probs,
                        Constraints.unitInterval(),
                        "pass probabilities in [0, 1], e.g. sigmoid(x), or use Binomial.logits");
            } else {
                checkParam(
                        "logits",
                        logits,
                        Constraints.real(),
                        "a NaN logit usually comes from a diverging computation upstream");
            }
        }
    }

    /** A binomial of {@code totalCount} trials with success probabilities {@code probs}. */
    public static Binomial of(Tensor totalCount, Tensor probs) {
        PplException.nonNull(totalCount, "totalCount", "Binomial.of");
        PplException.nonNull(probs, "probs", "Binomial.of");
        boolean v = defaultValidation();
        return new Binomial(totalCount, Bernoulli.logitsOf(probs), probs, v, v);
    }

    /** A scalar binomial of the given dtype on the current scope's backend. */
    public static Binomial of(double totalCount, double probs, DType dtype) {
        return of(Tensor.scalar(totalCount, dtype), Tensor.scalar(probs, dtype));
    }

    /** A binomial of {@code totalCount} trials with success log-odds {@code logits}. */
    public static Binomial logits(Tensor totalCount, Tensor logits) {
        PplException.nonNull(totalCount, "totalCount", "Binomial.logits");
        PplException.nonNull(logits, "logits", "Binomial.logits");
        boolean v = defaultValidation();
        return new Binomial(totalCount, logits, null, v, v);
    }

    /**
     * PyTorch's {@code probs_to_logits}: {@code log p - log1p(-p)} of p clamped to [eps, 1 - eps].
     */
    private static Tensor logitsOf(Tensor probs) {
        double eps = Constraints.eps(probs.dtype());
        Tensor p = probs.clamp(eps, 1.0 - eps);
        return p.log().sub(p.neg().log1p());
    }

    /** The number of trials, broadcast to the batch shape. */
    public Tensor totalCount() {
        return totalCount.broadcastTo(batchShape());
    }

    /** The success probabilities (as given, or {@code sigmoid(logits)}), broadcast. */
    public Tensor probs() {
        return p().broadcastTo(batchShape());
    }

    private Tensor p() {
        return probs != null ? probs : logits.sigmoid();
    }

    /** The success log-odds, broadcast to the batch shape. */
    public Tensor logits() {
        return logits.broadcastTo(batchShape());
    }

    @Override
    public Tensor sample(int... sampleShape) {
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            Shape s = shape(sampleShape);
            return CountSampler.binomial(
                    totalCount.detach().broadcastTo(s), p().detach().broadcastTo(s));
        }
    }

    /**
     * PyTorch's {@code k l - n max(l, 0) - n log1p(exp(-|l|)) + lgamma(n + 1) - lgamma(k + 1) -
     * lgamma(n - k + 1)} in the logits {@code l}.
     */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, logits.dtype());
        Tensor n = totalCount;
        Tensor l = logits;
        // PyTorch's clamp_by_zero: (max(l, 0) + l - min(l, 0)) / 2, half the gradient at 0
        Tensor clamped = l.maximum(0.0).add(l).sub(l.minimum(0.0)).div(2.0);
        Tensor normalizer =
                n.mul(clamped).add(n.mul(l.abs().neg().exp().log1p())).sub(n.add(1.0).lgamma());
        return value.mul(l)
                .sub(normalizer)
                .sub(value.add(1.0).lgamma())
                .sub(n.sub(value).add(1.0).lgamma());
    }

    @Override
    public Tensor mean() {
        return totalCount.mul(p()).broadcastTo(batchShape());
    }

    @Override
    public Tensor variance() {
        Tensor p = p();
        return totalCount.mul(p).mul(p.neg().add(1.0)).broadcastTo(batchShape());
    }

    @Override
    public Constraint support() {
        return Constraints.integerInterval(0, totalCount, "totalCount");
    }

    @Override
    public Binomial expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Binomial(
                totalCount.broadcastTo(to),
                logits.broadcastTo(to),
                probs == null ? null : probs.broadcastTo(to),
                validationEnabled(),
                false);
    }

    @Override
    public Binomial withValidation(boolean on) {
        return on == validationEnabled() ? this : new Binomial(totalCount, logits, probs, on, on);
    }
}
