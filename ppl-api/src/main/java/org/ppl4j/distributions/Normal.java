package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * The normal distribution with mean {@code loc} and standard deviation {@code scale}, both
 * broadcast to the batch shape; reparameterized as {@code loc + eps * scale}.
 *
 * <pre>{@code
 * Tensor z = sample("latent", Normal.of(zLoc, zScale).toEvent(1));
 * Tensor lp = Normal.of(0.0, 1.0).logProb(x);
 * }</pre>
 */
public final class Normal extends Distribution {
    private static final double LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));

    private final Tensor loc;
    private final Tensor scale;

    private Normal(Tensor loc, Tensor scale, boolean validate, boolean check) {
        super(Shape.broadcast("Normal", loc.shape(), scale.shape()), Shape.scalar(), validate);
        sameDtype("loc", loc, "scale", scale);
        this.loc = loc;
        this.scale = scale;
        if (check) {
            checkLocScale(this, loc, scale);
        }
    }

    /** Checks {@code loc} (real) and {@code scale} (positive) of a Normal or a LogNormal. */
    static void checkLocScale(Distribution d, Tensor loc, Tensor scale) {
        d.checkParam(
                "loc",
                loc,
                Constraints.real(),
                "a NaN loc usually comes from a diverging computation upstream; check the"
                        + " inputs or lower the learning rate");
        d.checkParam(
                "scale",
                scale,
                Constraints.positive(),
                "pass a scale > 0, e.g. softplus(x) or exp(x) of an unconstrained tensor");
    }

    /** A normal with tensor parameters that broadcast together. */
    public static Normal of(Tensor loc, Tensor scale) {
        PplException.nonNull(loc, "loc", "Normal.of");
        PplException.nonNull(scale, "scale", "Normal.of");
        boolean v = defaultValidation();
        return new Normal(loc, scale, v, v);
    }

    /** A normal without validation, for kinds built on one that check their own arguments. */
    static Normal unchecked(Tensor loc, Tensor scale) {
        return new Normal(loc, scale, false, false);
    }

    /** A normal with a tensor mean and a scalar standard deviation of the same dtype. */
    public static Normal of(Tensor loc, double scale) {
        return of(loc, PplException.nonNull(loc, "loc", "Normal.of").constant(scale));
    }

    /** A scalar float32 normal (PyTorch's default dtype) on the current scope's backend. */
    public static Normal of(double loc, double scale) {
        return of(loc, scale, DType.F32);
    }

    /** A scalar normal of the given dtype on the current scope's backend. */
    public static Normal of(double loc, double scale, DType dtype) {
        return of(Tensor.scalar(loc, dtype), Tensor.scalar(scale, dtype));
    }

    /** The mean, broadcast to the batch shape. */
    public Tensor loc() {
        return loc.broadcastTo(batchShape());
    }

    /** The standard deviation, broadcast to the batch shape. */
    public Tensor scale() {
        return scale.broadcastTo(batchShape());
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** {@code loc + eps * scale} with {@code eps} from the context's random stream. */
    @Override
    public Tensor rsample(int... sampleShape) {
        Tensor eps = Rng.current().normal(shape(sampleShape), loc.dtype());
        return rsampleWithNoise(eps);
    }

    /** {@code loc + eps * scale} for standard normal {@code eps} of the draw's shape. */
    @Override
    public Tensor rsampleWithNoise(Tensor eps) {
        checkNoise(eps);
        return loc.add(eps.mul(scale));
    }

    /** {@code -(value - loc)^2 / (2 scale^2) - log(scale) - log(sqrt(2 pi))}, as PyTorch. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, loc.dtype());
        Tensor var = scale.mul(scale);
        return value.sub(loc).square().neg().div(var.mul(2.0)).sub(scale.log()).sub(LOG_SQRT_2PI);
    }

    @Override
    public Tensor mean() {
        return loc();
    }

    @Override
    public Tensor variance() {
        return scale().square();
    }

    @Override
    public Tensor stddev() {
        return scale();
    }

    @Override
    public Constraint support() {
        return Constraints.real();
    }

    @Override
    public Normal expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Normal(loc.broadcastTo(to), scale.broadcastTo(to), validationEnabled(), false);
    }

    @Override
    public Normal withValidation(boolean on) {
        return on == validationEnabled() ? this : new Normal(loc, scale, on, on);
    }
}
