package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * A distribution whose rightmost {@code reinterpretedBatchDims} batch dims are read as event dims:
 * its log-probability sums the base's over them (Pyro's {@code Independent}, made by {@link
 * Distribution#toEvent}).
 *
 * <pre>{@code
 * Independent d = Normal.of(loc, scale).toEvent(1);  // batch [B, 50] -> batch [B], event [50]
 * Tensor lp = d.logProb(z);                          // [B]
 * }</pre>
 */
public final class Independent extends Distribution {
    private final Distribution base;
    private final int dims;

    Independent(Distribution base, int dims, boolean validate) {
        super(batchOf(base, dims), eventOf(base, dims), validate);
        this.base = base;
        this.dims = dims;
    }

    private static Shape batchOf(Distribution base, int n) {
        Shape b = base.batchShape();
        if (n < 0 || n > b.rank()) {
            throw new PplException(
                    "toEvent("
                            + n
                            + "): "
                            + base
                            + " has "
                            + b.rank()
                            + " batch dims, so between 0 and "
                            + b.rank()
                            + " of them can become event dims; expand the distribution or move"
                            + " fewer dims");
        }
        return b.sub(0, b.rank() - n);
    }

    private static Shape eventOf(Distribution base, int n) {
        Shape b = base.batchShape();
        return b.sub(b.rank() - n, b.rank()).concat(base.eventShape());
    }

    /** {@code base} with its rightmost {@code n} batch dims reinterpreted as event dims. */
    public static Independent of(Distribution base, int n) {
        PplException.nonNull(base, "base", "Independent.of");
        return new Independent(base, n, base.validationEnabled());
    }

    /** The wrapped distribution. */
    public Distribution base() {
        return base;
    }

    /** How many of the base's batch dims are read as event dims. */
    public int reinterpretedBatchDims() {
        return dims;
    }

    @Override
    public boolean hasRsample() {
        return base.hasRsample();
    }

    @Override
    public Tensor sample(int... sampleShape) {
        return base.sample(sampleShape);
    }

    @Override
    public Tensor rsample(int... sampleShape) {
        return base.rsample(sampleShape);
    }

    @Override
    public Tensor rsampleWithNoise(Tensor noise) {
        return base.rsampleWithNoise(noise);
    }

    /** The base's log-probability summed over the reinterpreted dims. */
    @Override
    public Tensor logProb(Tensor value) {
        checkValueShape(value);
        return Functions.sumRightmost(base.logProb(value), dims);
    }

    @Override
    public Tensor mean() {
        return base.mean();
    }

    @Override
    public Tensor variance() {
        return base.variance();
    }

    @Override
    public Constraint support() {
        return Constraints.independent(base.support(), dims);
    }

    @Override
    public Independent expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        Shape moved =
                base.batchShape().sub(base.batchShape().rank() - dims, base.batchShape().rank());
        return new Independent(base.expand(to.concat(moved).toArray()), dims, validationEnabled());
    }

    /** The same base with {@code n} more dims reinterpreted (nesting is flattened). */
    @Override
    public Independent toEvent(int n) {
        return n == 0 ? this : new Independent(base, dims + n, validationEnabled());
    }

    @Override
    public Independent withValidation(boolean on) {
        return on == validationEnabled()
                ? this
                : new Independent(base.withValidation(on), dims, on);
    }
}
