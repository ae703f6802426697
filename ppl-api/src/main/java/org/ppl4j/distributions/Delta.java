package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The point mass at {@code value} (Pyro's {@code Delta}), with an optional log density added to its
 * log-probability and {@code eventDim} rightmost dims of {@code value} forming one event; samples
 * are {@code value} itself, so gradients flow to it.
 *
 * <pre>{@code
 * sample("z", Delta.of(zMap));   // a MAP point estimate in a guide
 * }</pre>
 */
public final class Delta extends Distribution {
    private final Tensor value;
    private final Tensor logDensity;

    private Delta(Tensor value, Tensor logDensity, int eventDim, boolean validate, boolean check) {
        super(split(value, eventDim, true), split(value, eventDim, false), validate);
        sameDtype("value", value, "logDensity", logDensity);
        this.value = value;
        this.logDensity = logDensity;
        if (check) {
            checkParam(
                    "logDensity",
                    logDensity,
                    Constraints.real(),
                    "a NaN log density usually comes from a diverging computation upstream");
        }
    }

    private static Shape split(Tensor v, int eventDim, boolean batch) {
        int r = v.rank();
        if (eventDim < 0 || eventDim > r) {
            throw new PplException(
                    "Delta: eventDim "
                            + eventDim
                            + " must be between 0 and the rank of value "
                            + v.shape()
                            + "; pass how many rightmost dims of value form one event");
        }
        return batch ? v.shape().sub(0, r - eventDim) : v.shape().sub(r - eventDim, r);
    }

    /** The point mass at {@code value}, elementwise (event dim 0, log density 0). */
    public static Delta of(Tensor value) {
        return of(value, PplException.nonNull(value, "value", "Delta.of").constant(0.0), 0);
    }

    /**
     * The point mass at {@code value} whose rightmost {@code eventDim} dims form one event, with
     * {@code logDensity} (broadcastable to the batch shape) added to its log-probability.
     */
    public static Delta of(Tensor value, Tensor logDensity, int eventDim) {
        PplException.nonNull(value, "value", "Delta.of");
        PplException.nonNull(logDensity, "logDensity", "Delta.of");
        boolean v = defaultValidation();
        return new Delta(value, logDensity, eventDim, v, v);
    }

    /** The point. */
    public Tensor value() {
        return value;
    }

    /** The log density added to the log-probability. */
    public Tensor logDensity() {
        return logDensity;
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** {@code value} broadcast to {@code sampleShape + value.shape}. */
    @Override
    public Tensor rsample(int... sampleShape) {
        return value.broadcastTo(shape(sampleShape));
    }

    /** {@code value} broadcast to the noise's shape (the noise itself is ignored). */
    @Override
    public Tensor rsampleWithNoise(Tensor noise) {
        return value.broadcastTo(noise.shape());
    }

    /** {@code log(1[x == value])} summed over the event dims, plus the log density. */
    @Override
    public Tensor logProb(Tensor x) {
        checkValue(x, value.dtype());
        return Functions.sumRightmost(x.eq(value).log(), eventDim()).add(logDensity);
    }

    @Override
    public Tensor mean() {
        return value;
    }

    @Override
    public Tensor variance() {
        return value.zerosLike();
    }

    @Override
    public Constraint support() {
        return Constraints.independent(Constraints.real(), eventDim());
    }

    @Override
    public Delta expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new Delta(
                value.broadcastTo(to.concat(eventShape())),
                logDensity.broadcastTo(to),
                eventDim(),
                validationEnabled(),
                false);
    }

    @Override
    public Delta withValidation(boolean on) {
        return on == validationEnabled() ? this : new Delta(value, logDensity, eventDim(), on, on);
    }
}
