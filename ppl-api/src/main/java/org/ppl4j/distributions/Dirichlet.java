package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The Dirichlet distribution on the probability simplex over the last axis, with positive {@code
 * concentration} of shape {@code batchShape + [K]} (event shape {@code [K]}). Reparameterized: K
 * standard gamma draws (see {@link Gamma}) normalized by their sum, whose pathwise gradient is the
 * implicit one of each gamma draw through the normalization. That is an unbiased reparameterization
 * gradient like PyTorch's, but not PyTorch's per-draw value: PyTorch differentiates the normalized
 * draw through its own {@code _dirichlet_grad} approximation.
 *
 * <pre>{@code
 * Tensor weights = sample("weights", Dirichlet.of(Tensor.of(new double[] {1, 1, 1}, F32, 3)));
 * }</pre>
 */
public final class Dirichlet extends Distribution {
    private final Tensor concentration;

    private Dirichlet(Tensor concentration, boolean validate, boolean check) {
        super(batchOf(concentration), Shape.of(concentration.dim(-1)), validate);
        this.concentration = concentration;
        if (check) {
            Gamma.checkPositive(this, "concentration", concentration);
        }
    }

    private static Shape batchOf(Tensor c) {
        if (c.rank() == 0 || c.dim(-1) < 1) {
            throw new ShapeException(
                    "Dirichlet: the concentration's last axis lists the K categories, but its"
                            + " shape is "
                            + c.shape()
                            + "; pass a tensor of shape [..., K] with K >= 1");
        }
        return c.shape().sub(0, c.rank() - 1);
    }

    /** A Dirichlet with concentrations {@code batchShape + [K]}, all positive. */
    public static Dirichlet of(Tensor concentration) {
        PplException.nonNull(concentration, "concentration", "Dirichlet.of");
        boolean v = defaultValidation();
        return new Dirichlet(concentration, v, v);
    }

    /** A Dirichlet over {@code concentration.length} categories in the given dtype. */
    public static Dirichlet of(double[] concentration, DType dtype) {
        return of(Tensor.of(concentration, dtype, concentration.length));
    }

    /** The concentrations, shape {@code batchShape + [K]}. */
    public Tensor concentration() {
        return concentration;
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        Tensor x = StandardGamma.rsample(concentration.broadcastTo(shape(sampleShape)));
        return x.div(x.sum(new int[] {-1}, true));
    }

    /**
     * {@code sum(xlogy(c - 1, x)) + lgamma(sum c) - sum(lgamma(c))} over the last axis (PyTorch
     * 1.13 writes {@code log(x) (c - 1)}, NaN at {@code x = 0} with {@code c = 1}; xlogy gives 0
     * there, as Beta does).
     */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, concentration.dtype());
        int[] last = {-1};
        Tensor c = concentration;
        return Functions.xlogy(c.sub(1.0), value)
                .sum(last, false)
                .add(c.sum(last, false).lgamma())
                .sub(c.lgamma().sum(last, false));
    }

    @Override
    public Tensor mean() {
        return concentration.div(concentration.sum(new int[] {-1}, true));
    }

    @Override
    public Tensor variance() {
        Tensor total = concentration.sum(new int[] {-1}, true);
        return concentration.mul(total.sub(concentration)).div(total.square().mul(total.add(1.0)));
    }

    @Override
    public Constraint support() {
        return Constraints.simplex();
    }

    @Override
    public Dirichlet expand(int... batchShape) {
        Shape to = expandedShape(batchShape).concat(eventShape());
        return new Dirichlet(concentration.broadcastTo(to), validationEnabled(), false);
    }

    @Override
    public Dirichlet withValidation(boolean on) {
        return on == validationEnabled() ? this : new Dirichlet(concentration, on, on);
    }
}
