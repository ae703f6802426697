package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;

/**
 * The categorical distribution over one-hot vectors of length {@code K} (event shape {@code [K]}),
 * given by {@code probs} or {@code logits} over the last axis like {@link Categorical}, whose draws
 * it one-hot encodes (so the same seed gives the same classes).
 *
 * <pre>{@code
 * Tensor y = sample("y", OneHotCategorical.logits(scores)); // [batch, 10], one 1 per row
 * }</pre>
 */
public final class OneHotCategorical extends Distribution {
    private final Categorical categorical;

    private OneHotCategorical(Categorical categorical) {
        super(
                categorical.batchShape(),
                Shape.of(categorical.numCategories()),
                categorical.validationEnabled());
        this.categorical = categorical;
    }

    /** A one-hot categorical with class weights {@code probs} (normalized over the last axis). */
    public static OneHotCategorical probs(Tensor probs) {
        PplException.nonNull(probs, "probs", "OneHotCategorical.probs");
        return new OneHotCategorical(Categorical.probs(probs));
    }

    /** A one-hot categorical with unnormalized log-probabilities over the last axis. */
    public static OneHotCategorical logits(Tensor logits) {
        PplException.nonNull(logits, "logits", "OneHotCategorical.logits");
        return new OneHotCategorical(Categorical.logits(logits));
    }

    /** The categorical over class indices that this one encodes. */
    public Categorical categorical() {
        return categorical;
    }

    /** The normalized class probabilities, shape {@code batchShape + [K]}. */
    public Tensor probs() {
        return categorical.probs();
    }

    /** The normalized log-probabilities, shape {@code batchShape + [K]}. */
    public Tensor logits() {
        return categorical.logits();
    }

    @Override
    public Tensor sample(int... sampleShape) {
        Tensor index = categorical.sample(sampleShape);
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            return index.unsqueeze(-1).eq(Categorical.classes(categorical.numCategories(), index));
        }
    }

    /**
     * The normalized logit at the value's 1 (PyTorch takes the class of the largest entry; for a
     * one-hot value both agree, and validation rejects any other value).
     */
    @Override
    public Tensor logProb(Tensor value) {
        Tensor l = logits();
        checkValue(value, l.dtype());
        return value.eq(1.0).where(l, l.zerosLike()).sum(new int[] {-1}, false);
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
        return Constraints.oneHot();
    }

    @Override
    public OneHotCategorical expand(int... batchShape) {
        return new OneHotCategorical(categorical.expand(batchShape));
    }

    @Override
    public OneHotCategorical withValidation(boolean on) {
        return on == validationEnabled()
                ? this
                : new OneHotCategorical(categorical.withValidation(on));
    }
}
