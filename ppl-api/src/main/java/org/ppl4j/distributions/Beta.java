package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The beta distribution on [0, 1] with concentrations {@code c1} (of 1, Pyro's {@code
 * concentration1}, often alpha) and {@code c0} (of 0, beta), broadcast to the batch shape.
 * Reparameterized as {@code x / (x + y)} for standard gamma draws {@code x ~ Gamma(c1)}, {@code y ~
 * Gamma(c0)}, each with its implicit gradient, so gradients are pathwise as in PyTorch.
 *
 * <pre>{@code
 * Tensor f = sample("latent_fairness", Beta.of(alphaQ, betaQ));
 * }</pre>
 */
public final class Beta extends Distribution {
    private final Tensor c1;
    private final Tensor c0;

    private Beta(Tensor c1, Tensor c0, boolean validate, boolean check) {
        super(Shape.broadcast("Beta", c1.shape(), c0.shape()), Shape.scalar(), validate);
        sameDtype("concentration1", c1, "concentration0", c0);
        this.c1 = c1;
        this.c0 = c0;
        if (check) {
            Gamma.checkPositive(this, "concentration1", c1);
            Gamma.checkPositive(this, "concentration0", c0);
        }
    }

    /** A beta with tensor concentrations that broadcast together. */
    public static Beta of(Tensor c1, Tensor c0) {
        PplException.nonNull(c1, "concentration1", "Beta.of");
        PplException.nonNull(c0, "concentration0", "Beta.of");
        boolean v = defaultValidation();
        return new Beta(c1, c0, v, v);
    }

    /** A scalar float32 beta on the current scope's backend. */
    public static Beta of(double c1, double c0) {
        return of(c1, c0, DType.F32);
    }

    /** A scalar beta of the given dtype on the current scope's backend. */
    public static Beta of(double c1, double c0, DType dtype) {
        return of(Tensor.scalar(c1, dtype), Tensor.scalar(c0, dtype));
    }

    /** The concentration of 1 (alpha), broadcast to the batch shape. */
    public Tensor concentration1() {
        return c1.broadcastTo(batchShape());
    }

    /** The concentration of 0 (beta), broadcast to the batch shape. */
    public Tensor concentration0() {
        return c0.broadcastTo(batchShape());
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** All draws of {@code x ~ Gamma(c1)} first, then those of {@code y ~ Gamma(c0)}. */
    @Override
    public Tensor rsample(int... sampleShape) {
        Shape s = shape(sampleShape);
        Tensor x = StandardGamma.rsample(c1.broadcastTo(s));
        Tensor y = StandardGamma.rsample(c0.broadcastTo(s));
        return x.div(x.add(y));
    }

    /**
     * {@code xlogy(c1 - 1, v) + xlogy(c0 - 1, 1 - v) + lgamma(c1 + c0) - lgamma(c1) - lgamma(c0)},
     * as PyTorch's Dirichlet form.
     */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, c1.dtype());
        return Functions.xlogy(c1.sub(1.0), value)
                .add(Functions.xlogy(c0.sub(1.0), value.neg().add(1.0)))
                .add(c1.add(c0).lgamma())
                .sub(c1.lgamma().add(c0.lgamma()));
    }

    @Override
    public Tensor mean() {
        return c1.div(c1.add(c0)).broadcastTo(batchShape());
    }

    @Override
    public Tensor variance() {
        Tensor total = c1.add(c0);
        return c1.mul(c0).div(total.square().mul(total.add(1.0))).broadcastTo(batchShape());
    }

    @Override
    public Constraint support() {
        return Constraints.unitInterval();
    }

    @Override
    public Beta expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Beta(c1.broadcastTo(to), c0.broadcastTo(to), validationEnabled(), false);
    }

    @Override
    public Beta withValidation(boolean on) {
        return on == validationEnabled() ? this : new Beta(c1, c0, on, on);
    }
}
