package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * The distribution of {@code |x|} for {@code x ~ Cauchy(0, scale)}; reparameterized as {@code scale
 * |tan(pi (u - 1/2))|}. Its mean and variance are infinite, as in PyTorch.
 *
 * <pre>{@code
 * Tensor tau = sample("tau", HalfCauchy.of(Tensor.scalar(1.0, DType.F32)));
 * }</pre>
 */
public final class HalfCauchy extends Distribution {
    private final Tensor scale;
    private final Cauchy base;

    private HalfCauchy(Tensor scale, boolean validate, boolean check) {
        super(scale.shape(), Shape.scalar(), validate);
        this.scale = scale;
        this.base = Cauchy.unchecked(scale.zerosLike(), scale);
        if (check) {
            Gamma.checkPositive(this, "scale", scale);
        }
    }

    /** A half-Cauchy with scales {@code scale}. */
    public static HalfCauchy of(Tensor scale) {
        PplException.nonNull(scale, "scale", "HalfCauchy.of");
        boolean v = defaultValidation();
        return new HalfCauchy(scale, v, v);
    }

    /** A scalar half-Cauchy of the given dtype on the current scope's backend. */
    public static HalfCauchy of(double scale, DType dtype) {
        return of(Tensor.scalar(scale, dtype));
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        return rsampleUniform(sampleShape, scale.dtype());
    }

    /** {@code |Cauchy(0, scale)|} at uniform {@code u} on [0, 1). */
    @Override
    public Tensor rsampleWithNoise(Tensor u) {
        checkNoise(u);
        return base.rsampleWithNoise(u).abs();
    }

    /** The Cauchy's log density plus log 2 for {@code value >= 0}, else -inf (PyTorch's). */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, scale.dtype());
        return HalfNormal.folded(value, base.logProb(value));
    }

    /** Infinity. */
    @Override
    public Tensor mean() {
        return Tensor.full(batchShape(), Double.POSITIVE_INFINITY, scale.dtype());
    }

    /** Infinity. */
    @Override
    public Tensor variance() {
        return Tensor.full(batchShape(), Double.POSITIVE_INFINITY, scale.dtype());
    }

    @Override
    public Constraint support() {
        return Constraints.nonnegative();
    }

    @Override
    public HalfCauchy expand(int... batchShape) {
        return new HalfCauchy(
                scale.broadcastTo(expandedShape(batchShape)), validationEnabled(), false);
    }

    @Override
    public HalfCauchy withValidation(boolean on) {
        return on == validationEnabled() ? this : new HalfCauchy(scale, on, on);
    }
}
