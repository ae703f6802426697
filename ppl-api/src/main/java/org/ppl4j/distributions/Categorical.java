package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The categorical distribution over classes {@code 0..K-1}, given by {@code probs} or {@code
 * logits} over the last axis (normalized at construction, as in PyTorch). Values are float tensors
 * holding integer class indices, of shape {@code sampleShape + batchShape}; without validation, a
 * value that is no class has log-probability {@code -inf}.
 *
 * <pre>{@code
 * Categorical c = Categorical.logits(scores);   // scores: [batch, 10]
 * Tensor y = c.sample();                        // [batch], entries in 0..9
 * Tensor lp = c.logProb(labels);                // [batch]
 * }</pre>
 */
public final class Categorical extends Distribution {
    private final Tensor probs;
    private final Tensor logits;

    /**
     * Holds normalized {@code probs} or {@code logits}; checks {@code raw}, the given one, if set.
     */
    private Categorical(Tensor probs, Tensor logits, boolean validate, Tensor raw) {
        super(batchOf(probs != null ? probs : logits), Shape.scalar(), validate);
        this.probs = probs;
        this.logits = logits;
        if (raw != null && probs != null) {
            checkParam(
                    "probs",
                    raw,
                    Constraints.nonnegative(),
                    "pass non-negative weights over the last axis, e.g. softmax(x), or use"
                            + " Categorical.logits(x)");
        } else if (raw != null) {
            checkParam(
                    "logits",
                    raw,
                    Constraints.real(),
                    "a NaN logit usually comes from a diverging computation upstream");
        }
    }

    private static Shape batchOf(Tensor param) {
        Shape s = param.shape();
        if (s.rank() == 0 || s.dim(-1) == 0) {
            throw new PplException(
                    "Categorical: the parameter's last axis lists the classes, but its shape is "
                            + s
                            + "; pass a tensor of shape [..., K] with K >= 1");
        }
        return s.sub(0, s.rank() - 1);
    }

    /** A categorical with class weights {@code probs} (normalized over the last axis). */
    public static Categorical probs(Tensor probs) {
        PplException.nonNull(probs, "probs", "Categorical.probs");
        boolean v = defaultValidation();
        Tensor normalized = probs.div(probs.sum(new int[] {-1}, true));
        return new Categorical(normalized, null, v, v ? probs : null);
    }

    /** A categorical with unnormalized log-probabilities {@code logits} over the last axis. */
    public static Categorical logits(Tensor logits) {
        PplException.nonNull(logits, "logits", "Categorical.logits");
        boolean v = defaultValidation();
        Tensor normalized = logits.sub(Functions.logSumExp(logits, -1, true));
        return new Categorical(null, normalized, v, v ? logits : null);
    }

    /** The number of classes K. */
    public int numCategories() {
        return (probs != null ? probs : logits).dim(-1);
    }

    /** The normalized class probabilities, shape {@code batchShape + [K]}. */
    public Tensor probs() {
        if (probs != null) {
            return probs;
        }
        Tensor e = logits.sub(logits.max(new int[] {-1}, true).detach()).exp();
        return e.div(e.sum(new int[] {-1}, true));
    }

    /** The normalized log-probabilities (from probs: clamped to {@code [eps, 1 - eps]}, logged). */
    public Tensor logits() {
        if (logits != null) {
            return logits;
        }
        double eps = Constraints.eps(probs.dtype());
        return probs.clamp(eps, 1.0 - eps).log();
    }

    /**
     * Class indices by the inverse CDF: uniforms {@code u} from the context's random stream (one
     * per draw, in the probabilities' dtype), and the class is the number of cumulative weights
     * (summed left to right, the same order on every backend) at or below {@code u * total}; where
     * rounding leaves none above, the last class with positive weight. All on the device, so a
     * compiled step can sample it.
     */
    @Override
    public Tensor sample(int... sampleShape) {
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            Tensor p = probs().detach();
            int k = numCategories();
            Tensor[] cum = new Tensor[k];
            for (int i = 0; i < k; i++) {
                Tensor w = p.narrow(-1, i, 1);
                cum[i] = i == 0 ? w : cum[i - 1].add(w);
            }
            Tensor cdf = Tensor.concat(-1, cum);
            Tensor u = Rng.current().uniform(shape(sampleShape), p.dtype());
            Tensor target = u.unsqueeze(-1).mul(cum[k - 1]);
            Tensor below = cdf.le(target).sum(-1);
            Tensor last = p.gt(0.0).mul(classes(p)).max(new int[] {-1}, false);
            return below.minimum(last);
        }
    }

    /** The class indices {@code 0..K-1} as a tensor of the parameters' dtype. */
    private Tensor classes(Tensor like) {
        return classes(numCategories(), like);
    }

    /** The class indices {@code 0..k-1} as a tensor of {@code like}'s dtype. */
    static Tensor classes(int k, Tensor like) {
        double[] idx = new double[k];
        for (int i = 0; i < k; i++) {
            idx[i] = i;
        }
        return Tensor.of(idx, like.dtype(), k);
    }

    /**
     * The normalized logit of each value's class, selected with a one-hot mask. With validation
     * off, a value that is no class (out of range or not an integer) gets {@code -inf}: PyTorch
     * fails on it, and 0 would silently count it as certain.
     */
    @Override
    public Tensor logProb(Tensor value) {
        Tensor l = logits();
        checkValue(value, l.dtype());
        Tensor oneHot = value.unsqueeze(-1).eq(classes(l));
        Tensor selected = oneHot.where(l, l.constant(0.0)).sum(-1);
        return oneHot.sum(-1).gt(0.0).where(selected, l.constant(Double.NEGATIVE_INFINITY));
    }

    /** NaN (undefined for categories), as in PyTorch. */
    @Override
    public Tensor mean() {
        return nan();
    }

    /** NaN (undefined for categories), as in PyTorch. */
    @Override
    public Tensor variance() {
        return nan();
    }

    private Tensor nan() {
        Tensor p = probs != null ? probs : logits;
        return p.constant(Double.NaN).broadcastTo(batchShape());
    }

    @Override
    public Constraint support() {
        return Constraints.integerInterval(0, numCategories() - 1);
    }

    @Override
    public Categorical expand(int... batchShape) {
        Shape to = expandedShape(batchShape).concat(Shape.of(numCategories()));
        return new Categorical(
                probs == null ? null : probs.broadcastTo(to),
                logits == null ? null : logits.broadcastTo(to),
                validationEnabled(),
                null);
    }

    @Override
    public Categorical withValidation(boolean on) {
        return on == validationEnabled()
                ? this
                : new Categorical(probs, logits, on, on ? (probs != null ? probs : logits) : null);
    }
}
