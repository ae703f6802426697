package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * The Cauchy distribution with location {@code loc} and scale {@code scale}; reparameterized by its
 * inverse CDF, {@code loc + scale tan(pi (u - 1/2))} for {@code u} uniform on [0, 1). Its mean is
 * undefined (NaN) and its variance infinite, as in PyTorch.
 *
 * <pre>{@code
 * Tensor x = Cauchy.of(0.0, 1.0, DType.F64).sample(1000);
 * }</pre>
 */
public final class Cauchy extends Distribution {
    private static final double LOG_PI = Math.log(Math.PI);

    private final Tensor loc;
    private final Tensor scale;

    private Cauchy(Tensor loc, Tensor scale, boolean validate, boolean check) {
        super(Shape.broadcast("Cauchy", loc.shape(), scale.shape()), Shape.scalar(), validate);
        sameDtype("loc", loc, "scale", scale);
        this.loc = loc;
        this.scale = scale;
        if (check) {
            Normal.checkLocScale(this, loc, scale);
        }
    }

    /** A Cauchy with tensor parameters that broadcast together. */
    public static Cauchy of(Tensor loc, Tensor scale) {
        PplException.nonNull(loc, "loc", "Cauchy.of");
        PplException.nonNull(scale, "scale", "Cauchy.of");
        boolean v = defaultValidation();
        return new Cauchy(loc, scale, v, v);
    }

    /** A scalar Cauchy of the given dtype on the current scope's backend. */
    public static Cauchy of(double loc, double scale, DType dtype) {
        return of(Tensor.scalar(loc, dtype), Tensor.scalar(scale, dtype));
    }

    /** A Cauchy without validation, for kinds built on one that check their own arguments. */
    static Cauchy unchecked(Tensor loc, Tensor scale) {
        return new Cauchy(loc, scale, false, false);
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        return rsampleUniform(sampleShape, loc.dtype());
    }

    /** {@code loc + scale tan(pi (u - 1/2))} for {@code u} uniform on [0, 1). */
    @Override
    public Tensor rsampleWithNoise(Tensor u) {
        checkNoise(u);
        Tensor angle = u.sub(0.5).mul(Math.PI);
        return loc.add(scale.mul(angle.sin().div(angle.cos())));
    }

    /** {@code -log(pi) - log(scale) - log1p(((value - loc) / scale)^2)}, as PyTorch. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, loc.dtype());
        return value.sub(loc).div(scale).square().log1p().neg().sub(scale.log()).sub(LOG_PI);
    }

    /** NaN: the Cauchy distribution has no mean. */
    @Override
    public Tensor mean() {
        return Tensor.full(batchShape(), Double.NaN, loc.dtype());
    }

    /** Infinity. */
    @Override
    public Tensor variance() {
        return Tensor.full(batchShape(), Double.POSITIVE_INFINITY, loc.dtype());
    }

    @Override
    public Constraint support() {
        return Constraints.real();
    }

    @Override
    public Cauchy expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Cauchy(loc.broadcastTo(to), scale.broadcastTo(to), validationEnabled(), false);
    }

    @Override
    public Cauchy withValidation(boolean on) {
        return on == validationEnabled() ? this : new Cauchy(loc, scale, on, on);
    }
}
