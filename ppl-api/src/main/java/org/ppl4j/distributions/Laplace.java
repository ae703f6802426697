package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * The Laplace (double exponential) distribution with location {@code loc} and scale {@code scale};
 * reparameterized by its inverse CDF, {@code loc - scale sign(v) log(1 - |v|)} for {@code v = 2u -
 * 1} with {@code u} uniform on [0, 1).
 *
 * <pre>{@code
 * Tensor w = sample("w", Laplace.of(zeros, ones));
 * }</pre>
 */
public final class Laplace extends Distribution {
    private final Tensor loc;
    private final Tensor scale;

    private Laplace(Tensor loc, Tensor scale, boolean validate, boolean check) {
        super(Shape.broadcast("Laplace", loc.shape(), scale.shape()), Shape.scalar(), validate);
        sameDtype("loc", loc, "scale", scale);
        this.loc = loc;
        this.scale = scale;
        if (check) {
            Normal.checkLocScale(this, loc, scale);
        }
    }

    /** A Laplace with tensor parameters that broadcast together. */
    public static Laplace of(Tensor loc, Tensor scale) {
        PplException.nonNull(loc, "loc", "Laplace.of");
        PplException.nonNull(scale, "scale", "Laplace.of");
        boolean v = defaultValidation();
        return new Laplace(loc, scale, v, v);
    }

    /** A scalar Laplace of the given dtype on the current scope's backend. */
    public static Laplace of(double loc, double scale, DType dtype) {
        return of(Tensor.scalar(loc, dtype), Tensor.scalar(scale, dtype));
    }

    /** The location (the median). */
    public Tensor loc() {
        return loc.broadcastTo(batchShape());
    }

    /** The scale (the mean absolute deviation from the location). */
    public Tensor scale() {
        return scale.broadcastTo(batchShape());
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        return rsampleUniform(sampleShape, loc.dtype());
    }

    /**
     * The inverse CDF at {@code u} uniform on [0, 1); {@code |2u - 1|} is kept below 1 as PyTorch
     * keeps its uniform above {@code eps - 1}, so the draw stays finite.
     */
    @Override
    public Tensor rsampleWithNoise(Tensor u) {
        checkNoise(u);
        Tensor v = u.mul(2.0).sub(1.0);
        Tensor a = v.abs().minimum(1.0 - Constraints.eps(u.dtype()));
        return loc.sub(scale.mul(v.sign()).mul(a.neg().log1p()));
    }

    /** {@code -log(2 scale) - |value - loc| / scale}. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, loc.dtype());
        return scale.mul(2.0).log().neg().sub(value.sub(loc).abs().div(scale));
    }

    @Override
    public Tensor mean() {
        return loc.broadcastTo(batchShape());
    }

    @Override
    public Tensor variance() {
        return scale.square().mul(2.0).broadcastTo(batchShape());
    }

    @Override
    public Constraint support() {
        return Constraints.real();
    }

    @Override
    public Laplace expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Laplace(loc.broadcastTo(to), scale.broadcastTo(to), validationEnabled(), false);
    }

    @Override
    public Laplace withValidation(boolean on) {
        return on == validationEnabled() ? this : new Laplace(loc, scale, on, on);
    }
}
