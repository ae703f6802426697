package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * The distribution of {@code |x|} for {@code x ~ Normal(0, scale)}; reparameterized as {@code |eps|
 * scale}.
 *
 * <pre>{@code
 * Tensor sigma = sample("sigma", HalfNormal.of(Tensor.scalar(1.0, DType.F32)));
 * }</pre>
 */
public final class HalfNormal extends Distribution {
    private static final double LN2 = Math.log(2);

    private final Tensor scale;
    private final Normal base;

    private HalfNormal(Tensor scale, boolean validate, boolean check) {
        super(scale.shape(), Shape.scalar(), validate);
        this.scale = scale;
        this.base = Normal.unchecked(scale.zerosLike(), scale);
        if (check) {
            Gamma.checkPositive(this, "scale", scale);
        }
    }

    /** A half-normal with scales {@code scale}. */
    public static HalfNormal of(Tensor scale) {
        PplException.nonNull(scale, "scale", "HalfNormal.of");
        boolean v = defaultValidation();
        return new HalfNormal(scale, v, v);
    }

    /** A scalar half-normal of the given dtype on the current scope's backend. */
    public static HalfNormal of(double scale, DType dtype) {
        return of(Tensor.scalar(scale, dtype));
    }

    /** The scale of the normal that is folded. */
    public Tensor scale() {
        return scale;
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        return rsampleWithNoise(Rng.current().normal(shape(sampleShape), scale.dtype()));
    }

    /** {@code |eps| scale} for standard normal {@code eps} of the draw's shape. */
    @Override
    public Tensor rsampleWithNoise(Tensor eps) {
        checkNoise(eps);
        return eps.abs().mul(scale);
    }

    /** The normal's log density plus log 2 for {@code value >= 0}, else -inf (PyTorch's). */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, scale.dtype());
        return folded(value, base.logProb(value));
    }

    /** The log density of {@code |x|} from that of a symmetric {@code x}: +log 2, -inf below 0. */
    static Tensor folded(Tensor value, Tensor symmetricLogProb) {
        Tensor lp = symmetricLogProb.add(LN2);
        return value.ge(0.0).where(lp, lp.constant(Double.NEGATIVE_INFINITY));
    }

    @Override
    public Tensor mean() {
        return scale.mul(Math.sqrt(2 / Math.PI));
    }

    @Override
    public Tensor variance() {
        return scale.square().mul(1 - 2 / Math.PI);
    }

    @Override
    public Constraint support() {
        return Constraints.nonnegative();
    }

    @Override
    public HalfNormal expand(int... batchShape) {
        return new HalfNormal(
                scale.broadcastTo(expandedShape(batchShape)), validationEnabled(), false);
    }

    @Override
    public HalfNormal withValidation(boolean on) {
        return on == validationEnabled() ? this : new HalfNormal(scale, on, on);
    }
}
