package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * The distribution of {@code exp(x)} for {@code x ~ Normal(loc, scale)}; reparameterized as {@code
 * exp(loc + eps * scale)}.
 *
 * <pre>{@code
 * Tensor sigma = sample("sigma", LogNormal.of(zero, one));
 * }</pre>
 */
public final class LogNormal extends Distribution {
    private final Normal base;

    private LogNormal(Tensor loc, Tensor scale, boolean validate, boolean check) {
        super(Shape.broadcast("LogNormal", loc.shape(), scale.shape()), Shape.scalar(), validate);
        sameDtype("loc", loc, "scale", scale);
        this.base = Normal.unchecked(loc, scale);
        if (check) {
            Normal.checkLocScale(this, loc, scale);
        }
    }

    /** A log-normal whose logarithm has mean {@code loc} and standard deviation {@code scale}. */
    public static LogNormal of(Tensor loc, Tensor scale) {
        PplException.nonNull(loc, "loc", "LogNormal.of");
        PplException.nonNull(scale, "scale", "LogNormal.of");
        boolean v = defaultValidation();
        return new LogNormal(loc, scale, v, v);
    }

    /** The mean of the logarithm, broadcast to the batch shape. */
    public Tensor loc() {
        return base.loc();
    }

    /** The standard deviation of the logarithm, broadcast to the batch shape. */
    public Tensor scale() {
        return base.scale();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        Tensor eps = Rng.current().normal(shape(sampleShape), base.loc().dtype());
        return rsampleWithNoise(eps);
    }

    /** {@code exp(loc + eps * scale)} for standard normal {@code eps} of the draw's shape. */
    @Override
    public Tensor rsampleWithNoise(Tensor eps) {
        return base.rsampleWithNoise(eps).exp();
    }

    /** {@code normal.logProb(log(value)) - log(value)} (the exp transform's Jacobian). */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, base.loc().dtype());
        Tensor x = value.log();
        return x.neg().add(base.logProb(x));
    }

    /** {@code exp(loc + scale^2 / 2)}. */
    @Override
    public Tensor mean() {
        return loc().add(scale().square().div(2.0)).exp();
    }

    /** {@code expm1(scale^2) * exp(2 loc + scale^2)}. */
    @Override
    public Tensor variance() {
        Tensor s2 = scale().square();
        return s2.expm1().mul(loc().mul(2.0).add(s2).exp());
    }

    @Override
    public Constraint support() {
        return Constraints.positive();
    }

    @Override
    public LogNormal expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new LogNormal(
                base.loc().broadcastTo(to),
                base.scale().broadcastTo(to),
                validationEnabled(),
                false);
    }

    @Override
    public LogNormal withValidation(boolean on) {
        return on == validationEnabled() ? this : new LogNormal(base.loc(), base.scale(), on, on);
    }
}
