package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * The exponential distribution with rate {@code rate} (mean {@code 1 / rate}), reparameterized as
 * {@code -log1p(-u) / rate} for {@code u} uniform on [0, 1).
 *
 * <pre>{@code
 * Tensor waits = Exponential.of(rate).sample(10);
 * }</pre>
 */
public final class Exponential extends Distribution {
    private final Tensor rate;

    private Exponential(Tensor rate, boolean validate, boolean check) {
        super(rate.shape(), Shape.scalar(), validate);
        this.rate = rate;
        if (check) {
            checkParam(
                    "rate",
                    rate,
                    Constraints.positive(),
                    "pass a rate > 0, e.g. softplus(x) or exp(x) of an unconstrained tensor");
        }
    }

    /** An exponential with rates {@code rate}. */
    public static Exponential of(Tensor rate) {
        PplException.nonNull(rate, "rate", "Exponential.of");
        boolean v = defaultValidation();
        return new Exponential(rate, v, v);
    }

    /** A scalar float32 exponential on the current scope's backend. */
    public static Exponential of(double rate) {
        return of(Tensor.scalar(rate, DType.F32));
    }

    /** The rate. */
    public Tensor rate() {
        return rate;
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        return rsampleUniform(sampleShape, rate.dtype());
    }

    /** {@code -log1p(-u) / rate} for {@code u} uniform on [0, 1) of the draw's shape. */
    @Override
    public Tensor rsampleWithNoise(Tensor u) {
        checkNoise(u);
        return u.neg().log1p().neg().div(rate);
    }

    /** {@code log(rate) - rate * value}, as PyTorch. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, rate.dtype());
        return rate.log().sub(rate.mul(value));
    }

    @Override
    public Tensor mean() {
        return rate.constant(1.0).div(rate);
    }

    @Override
    public Tensor variance() {
        return rate.constant(1.0).div(rate.square());
    }

    @Override
    public Constraint support() {
        return Constraints.nonnegative();
    }

    @Override
    public Exponential expand(int... batchShape) {
        return new Exponential(
                rate.broadcastTo(expandedShape(batchShape)), validationEnabled(), false);
    }

    @Override
    public Exponential withValidation(boolean on) {
        return on == validationEnabled() ? this : new Exponential(rate, on, on);
    }
}
