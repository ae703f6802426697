package org.ppl4j.distributions;

import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * A distribution whose log-density is kept where a 0/1 mask is 1 and is 0 elsewhere (Pyro's {@code
 * MaskedDistribution}, made by {@link Distribution#mask}); sampling, moments and support are the
 * base's. The batch shape is the base's broadcast with the mask's.
 */
public final class Masked extends Distribution {
    private final Distribution base;
    private final Tensor mask;

    /** {@code mask} null means all false. */
    Masked(Distribution base, Tensor mask) {
        super(
                mask == null
                        ? base.batchShape()
                        : Shape.broadcast("Distribution.mask", base.batchShape(), mask.shape()),
                base.eventShape(),
                base.validationEnabled());
        this.base = base;
        this.mask = mask;
    }

    /** The distribution being masked. */
    public Distribution base() {
        return base;
    }

    /** The 0/1 mask, or null when everything is masked out ({@code mask(false)}). */
    public Tensor maskTensor() {
        return mask;
    }

    private Distribution expanded() {
        return base.batchShape().equals(batchShape()) ? base : base.expand(batchShape().toArray());
    }

    @Override
    public boolean hasRsample() {
        return base.hasRsample();
    }

    @Override
    public Tensor sample(int... sampleShape) {
        return expanded().sample(sampleShape);
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        return expanded().rsample(sampleShape);
    }

    @Override
    public Tensor rsampleWithNoise(Tensor noise) {
        return expanded().rsampleWithNoise(noise);
    }

    @Override
    public Tensor logProb(Tensor value) {
        Tensor lp = base.logProb(value);
        if (mask == null) {
            return lp.zerosLike();
        }
        Shape to = Shape.broadcast("Distribution.mask", lp.shape(), mask.shape());
        Tensor full = lp.broadcastTo(to);
        return mask.eq(0.0).broadcastTo(to).where(full.zerosLike(), full);
    }

    @Override
    public Tensor mean() {
        return expanded().mean();
    }

    @Override
    public Tensor variance() {
        return expanded().variance();
    }

    @Override
    public Constraint support() {
        return base.support();
    }

    @Override
    public Masked expand(int... batchShape) {
        expandedShape(batchShape);
        return new Masked(base.expand(batchShape), mask);
    }

    @Override
    public Masked withValidation(boolean on) {
        return on == validationEnabled() ? this : new Masked(base.withValidation(on), mask);
    }
}
