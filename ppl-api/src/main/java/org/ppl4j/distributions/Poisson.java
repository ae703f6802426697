package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The Poisson distribution of counts with mean {@code rate}. Values are float tensors holding
 * counts {@code 0, 1, 2, ...}; draws are made on the backend (see {@code CountSampler}: inversion
 * below a rate of 10, transformed rejection above).
 *
 * <pre>{@code
 * sample("clicks", Poisson.of(rate), observedClicks);
 * }</pre>
 */
public final class Poisson extends Distribution {
    private final Tensor rate;

    private Poisson(Tensor rate, boolean validate, boolean check) {
        super(rate.shape(), Shape.scalar(), validate);
        this.rate = rate;
        if (check) {
            checkParam(
                    "rate",
                    rate,
                    Constraints.nonnegative(),
                    "pass a rate >= 0, e.g. softplus(x) or exp(x) of an unconstrained tensor");
        }
    }

    /** A Poisson with mean {@code rate >= 0}. */
    public static Poisson of(Tensor rate) {
        PplException.nonNull(rate, "rate", "Poisson.of");
        boolean v = defaultValidation();
        return new Poisson(rate, v, v);
    }

    /** A scalar Poisson of the given dtype on the current scope's backend. */
    public static Poisson of(double rate, DType dtype) {
        return of(Tensor.scalar(rate, dtype));
    }

    /** The mean. */
    public Tensor rate() {
        return rate;
    }

    @Override
    public Tensor sample(int... sampleShape) {
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            return CountSampler.poisson(rate.detach().broadcastTo(shape(sampleShape)));
        }
    }

    /** {@code xlogy(k, rate) - rate - lgamma(k + 1)}, as PyTorch. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, rate.dtype());
        return Functions.xlogy(value, rate).sub(rate).sub(value.add(1.0).lgamma());
    }

    @Override
    public Tensor mean() {
        return rate;
    }

    @Override
    public Tensor variance() {
        return rate;
    }

    @Override
    public Constraint support() {
        return Constraints.nonnegativeInteger();
    }

    @Override
    public Poisson expand(int... batchShape) {
        return new Poisson(rate.broadcastTo(expandedShape(batchShape)), validationEnabled(), false);
    }

    @Override
    public Poisson withValidation(boolean on) {
        return on == validationEnabled() ? this : new Poisson(rate, on, on);
    }
}
