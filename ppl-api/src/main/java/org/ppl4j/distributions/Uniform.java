package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * The uniform distribution on {@code [low, high)}, reparameterized as {@code low + u * (high -
 * low)} for {@code u} uniform on [0, 1).
 *
 * <pre>{@code
 * Tensor x = Uniform.of(0.0, 1.0).sample(100);
 * }</pre>
 */
public final class Uniform extends Distribution {
    private final Tensor low;
    private final Tensor high;

    private Uniform(Tensor low, Tensor high, boolean validate, boolean check) {
        super(Shape.broadcast("Uniform", low.shape(), high.shape()), Shape.scalar(), validate);
        sameDtype("low", low, "high", high);
        this.low = low;
        this.high = high;
        if (check) {
            checkEntries("high", high.gt(low), "<= low or NaN", "pass high > low for every entry");
        }
    }

    /** A uniform with tensor bounds that broadcast together. */
    public static Uniform of(Tensor low, Tensor high) {
        PplException.nonNull(low, "low", "Uniform.of");
        PplException.nonNull(high, "high", "Uniform.of");
        boolean v = defaultValidation();
        return new Uniform(low, high, v, v);
    }

    /** A scalar float32 uniform on the current scope's backend. */
    public static Uniform of(double low, double high) {
        return of(Tensor.scalar(low, DType.F32), Tensor.scalar(high, DType.F32));
    }

    /** The lower bound, broadcast to the batch shape. */
    public Tensor low() {
        return low.broadcastTo(batchShape());
    }

    /** The upper bound, broadcast to the batch shape. */
    public Tensor high() {
        return high.broadcastTo(batchShape());
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        return rsampleUniform(sampleShape, low.dtype());
    }

    /** {@code low + u * (high - low)} for {@code u} uniform on [0, 1) of the draw's shape. */
    @Override
    public Tensor rsampleWithNoise(Tensor u) {
        checkNoise(u);
        return low.add(u.mul(high.sub(low)));
    }

    /** {@code log(1[low <= value < high]) - log(high - low)}, as PyTorch. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, low.dtype());
        Tensor inside = low.le(value).mul(high.gt(value));
        return inside.log().sub(high.sub(low).log());
    }

    @Override
    public Tensor mean() {
        return high.add(low).div(2.0).broadcastTo(batchShape());
    }

    @Override
    public Tensor variance() {
        return high.sub(low).square().div(12.0).broadcastTo(batchShape());
    }

    @Override
    public Constraint support() {
        return Constraints.interval(low, high);
    }

    @Override
    public Uniform expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Uniform(low.broadcastTo(to), high.broadcastTo(to), validationEnabled(), false);
    }

    @Override
    public Uniform withValidation(boolean on) {
        return on == validationEnabled() ? this : new Uniform(low, high, on, on);
    }
}
