package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The gamma distribution with shape {@code concentration} and inverse scale {@code rate} (mean
 * {@code concentration / rate}), both broadcast to the batch shape. Reparameterized: a standard
 * gamma draw (Marsaglia-Tsang on the backend) divided by the rate, whose gradient in the
 * concentration is the implicit one of {@link Tensor#standardGammaGrad}.
 *
 * <pre>{@code
 * Tensor precision = sample("tau", Gamma.of(2.0, 0.5));
 * Tensor lp = Gamma.of(alpha, beta).logProb(x);
 * }</pre>
 */
public final class Gamma extends Distribution {
    private final Tensor concentration;
    private final Tensor rate;

    private Gamma(Tensor concentration, Tensor rate, boolean validate, boolean check) {
        super(
                Shape.broadcast("Gamma", concentration.shape(), rate.shape()),
                Shape.scalar(),
                validate);
        sameDtype("concentration", concentration, "rate", rate);
        this.concentration = concentration;
        this.rate = rate;
        if (check) {
            checkPositive(this, "concentration", concentration);
            checkPositive(this, "rate", rate);
        }
    }

    /** Checks that a shape, rate or concentration parameter is positive. */
    static void checkPositive(Distribution d, String argument, Tensor param) {
        d.checkParam(
                argument,
                param,
                Constraints.positive(),
                "pass " + argument + " > 0, e.g. softplus(x) or exp(x) of an unconstrained tensor");
    }

    /** A gamma with tensor parameters that broadcast together. */
    public static Gamma of(Tensor concentration, Tensor rate) {
        PplException.nonNull(concentration, "concentration", "Gamma.of");
        PplException.nonNull(rate, "rate", "Gamma.of");
        boolean v = defaultValidation();
        return new Gamma(concentration, rate, v, v);
    }

    /** A scalar float32 gamma on the current scope's backend. */
    public static Gamma of(double concentration, double rate) {
        return of(concentration, rate, DType.F32);
    }

    /** A scalar gamma of the given dtype on the current scope's backend. */
    public static Gamma of(double concentration, double rate, DType dtype) {
        return of(Tensor.scalar(concentration, dtype), Tensor.scalar(rate, dtype));
    }

    /** The shape parameter, broadcast to the batch shape. */
    public Tensor concentration() {
        return concentration.broadcastTo(batchShape());
    }

    /** The inverse scale, broadcast to the batch shape. */
    public Tensor rate() {
        return rate.broadcastTo(batchShape());
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        Shape s = shape(sampleShape);
        return StandardGamma.rsample(concentration.broadcastTo(s)).div(rate);
    }

    /** {@code xlogy(c, rate) + xlogy(c - 1, value) - rate value - lgamma(c)}, as PyTorch. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, concentration.dtype());
        return Functions.xlogy(concentration, rate)
                .add(Functions.xlogy(concentration.sub(1.0), value))
                .sub(rate.mul(value))
                .sub(concentration.lgamma());
    }

    @Override
    public Tensor mean() {
        return concentration.div(rate).broadcastTo(batchShape());
    }

    @Override
    public Tensor variance() {
        return concentration.div(rate.square()).broadcastTo(batchShape());
    }

    @Override
    public Constraint support() {
        return Constraints.nonnegative();
    }

    @Override
    public Gamma expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Gamma(
                concentration.broadcastTo(to), rate.broadcastTo(to), validationEnabled(), false);
    }

    @Override
    public Gamma withValidation(boolean on) {
        return on == validationEnabled() ? this : new Gamma(concentration, rate, on, on);
    }
}
