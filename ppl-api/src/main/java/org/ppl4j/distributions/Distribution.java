package org.ppl4j.distributions;

import java.util.Arrays;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;

/**
 * A probability distribution over tensors, an immutable value (Pyro's {@code TorchDistribution}).
 *
 * <p>The shape rule, written once:
 *
 * <pre>
 *     sample(sampleShape).shape  = sampleShape + batchShape + eventShape
 *     logProb(value).shape       = sampleShape + batchShape       (value as above)
 * </pre>
 *
 * where {@code +} concatenates. Batch dims index independent, not necessarily identical,
 * distributions (plates own them, counted from the right); event dims belong to one draw and are
 * summed by {@link #logProb}. {@link #toEvent} moves the rightmost batch dims into the event;
 * {@link #expand} broadcasts the batch shape.
 *
 * <p>All noise comes from {@code Rng.current()}; {@link #rsampleWithNoise} computes a
 * reparameterized sample from noise supplied by the caller, so a handler can inject fixed noise.
 * Validation (Pyro's {@code validate_args}) is per distribution, defaulting to {@code
 * Distribution.defaultValidation()} when the distribution is made; when on, bad parameters fail at
 * construction and out-of-support values fail in {@link #logProb}, with a {@link
 * ValidationException}.
 *
 * <pre>{@code
 * Distribution d = Normal.of(loc, scale).toEvent(1);   // loc, scale: [batch, 50]
 * Tensor z = d.rsample();                              // [batch, 50]
 * Tensor lp = d.logProb(z);                            // [batch]
 * }</pre>
 */
public abstract class Distribution {
    private static final ThreadLocal<Boolean> VALIDATION = ThreadLocal.withInitial(() -> true);

    private final Shape batchShape;
    private final Shape eventShape;
    private final boolean validate;

    /** Sets the shapes and the validation switch; subclasses then check their parameters. */
    protected Distribution(Shape batchShape, Shape eventShape, boolean validate) {
        this.batchShape = batchShape;
        this.eventShape = eventShape;
        this.validate = validate;
    }

    /**
     * Whether distributions made on the calling thread validate by default (Pyro's default: on).
     */
    public static boolean defaultValidation() {
        return VALIDATION.get();
    }

    /**
     * Turns default validation on or off for the calling thread (Pyro's {@code enable_validation}).
     */
    public static void enableValidation(boolean on) {
        VALIDATION.set(on);
    }

    // ---- shapes ------------------------------------------------------------------------------

    /** The shape of the independent distributions this one holds. */
    public final Shape batchShape() {
        return batchShape;
    }

    /** The shape of one draw. */
    public final Shape eventShape() {
        return eventShape;
    }

    /** The number of event dims. */
    public final int eventDim() {
        return eventShape.rank();
    }

    /** {@code sampleShape + batchShape + eventShape}, the shape of {@code sample(sampleShape)}. */
    public final Shape shape(int... sampleShape) {
        return Shape.of(sampleShape).concat(batchShape).concat(eventShape);
    }

    // ---- sampling ------------------------------------------------------------------------------

    /** Whether {@link #rsample} exists (a differentiable sample path). */
    public boolean hasRsample() {
        return false;
    }

    /** A draw of shape {@code sampleShape + batchShape + eventShape}, cut off from autodiff. */
    public Tensor sample(int... sampleShape) {
        if (!hasRsample()) {
            throw new PplException(getClass().getSimpleName() + " does not implement sample");
        }
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            return rsample(sampleShape).detach();
        }
    }

    /**
     * A reparameterized draw of shape {@code sampleShape + batchShape + eventShape}: gradients flow
     * to the parameters.
     *
     * @throws PplException if this kind has no reparameterized sampler
     */
    public Tensor rsample(int... sampleShape) {
        throw notReparameterized();
    }

    /**
     * The reparameterized draw computed from caller-supplied standard noise instead of the
     * context's stream (for handlers that inject fixed noise). The noise has the draw's shape
     * {@code sampleShape + batchShape + eventShape}; its law is the kind's base noise: standard
     * normal for Normal and LogNormal, uniform on [0, 1) for Uniform and Exponential.
     *
     * @throws PplException if this kind has no reparameterized sampler
     */
    public Tensor rsampleWithNoise(Tensor noise) {
        throw notReparameterized();
    }

    /** The exception for kinds without rsample. */
    protected PplException notReparameterized() {
        return new PplException(
                getClass().getSimpleName()
                        + " has no reparameterized sampler (rsample); use sample(), and in a"
                        + " guide an ELBO estimator that handles non-reparameterized sites"
                        + " (score function), or choose a reparameterizable distribution");
    }

    // ---- densities and moments
    // -------------------------------------------------------------------

    /** The log density (or mass) of {@code value}, of shape {@code sampleShape + batchShape}. */
    public abstract Tensor logProb(Tensor value);

    /** The mean, of shape {@code batchShape + eventShape}. */
    public abstract Tensor mean();

    /** The variance, of shape {@code batchShape + eventShape}. */
    public abstract Tensor variance();

    /** The standard deviation, {@code sqrt(variance())}. */
    public Tensor stddev() {
        return variance().sqrt();
    }

    /** The region values lie in. */
    public abstract Constraint support();

    // ---- new distributions from this one
    // ---------------------------------------------------------

    /**
     * This distribution with its batch shape broadcast to {@code batchShape} (sizes must match or
     * be 1, aligned from the right).
     */
    public abstract Distribution expand(int... batchShape);

    /** {@code expand(sampleShape + batchShape())}: new leading batch dims. */
    public Distribution expandBy(int... sampleShape) {
        return expand(Shape.of(sampleShape).concat(batchShape).toArray());
    }

    /** The rightmost {@code n} batch dims reinterpreted as event dims (Pyro's {@code to_event}). */
    public Independent toEvent(int n) {
        return new Independent(this, n, validate);
    }

    /**
     * This distribution with log-densities kept where the 0/1 {@code mask} (broadcast with the
     * batch shape) is 1 and 0 elsewhere (Pyro's {@code Distribution.mask}); draws are unchanged.
     */
    public Distribution mask(Tensor mask) {
        PplException.nonNull(mask, "mask", getClass().getSimpleName() + ".mask");
        return new Masked(this, mask);
    }

    /**
     * {@code mask(true)} is this distribution; {@code mask(false)} has log-density 0 everywhere.
     */
    public Distribution mask(boolean keep) {
        return keep ? this : new Masked(this, null);
    }

    /** Whether this distribution validates parameters and values. */
    public final boolean validationEnabled() {
        return validate;
    }

    /** The same distribution with validation switched on or off. */
    public abstract Distribution withValidation(boolean on);

    // ---- helpers for kinds
    // ------------------------------------------------------------------------

    /** Checks that {@code shape} is a broadcast of the batch shape, for {@link #expand}. */
    protected final Shape expandedShape(int... newBatchShape) {
        Shape to = Shape.of(newBatchShape);
        if (!batchShape.broadcastsTo(to)) {
            throw new ShapeException(
                    getClass().getSimpleName()
                            + ".expand("
                            + Arrays.toString(newBatchShape)
                            + "): batch shape "
                            + batchShape
                            + " cannot be broadcast to "
                            + to
                            + "; sizes must be equal or 1, aligned from the right");
        }
        return to;
    }

    /**
     * Checks that noise for {@link #rsampleWithNoise} ends with {@code batchShape + eventShape}.
     */
    protected final void checkNoise(Tensor noise) {
        Shape want = batchShape.concat(eventShape);
        Shape got = noise.shape();
        int r = got.rank();
        if (r < want.rank() || !got.sub(r - want.rank(), r).equals(want)) {
            throw new ShapeException(
                    getClass().getSimpleName()
                            + ".rsampleWithNoise: noise of shape "
                            + got
                            + " must have shape sampleShape + "
                            + want
                            + " (sampleShape + batchShape + eventShape)");
        }
    }

    /**
     * {@link #rsampleWithNoise} on uniform [0, 1) noise of the draw's shape from the context's
     * stream, for kinds whose base noise is uniform.
     */
    protected final Tensor rsampleUniform(int[] sampleShape, DType dtype) {
        return rsampleWithNoise(Rng.current().uniform(shape(sampleShape), dtype));
    }

    /**
     * With validation on, fails if any entry of {@code param} is outside {@code c}, naming the
     * argument, the count and {@code fix}.
     */
    protected final void checkParam(String argument, Tensor param, Constraint c, String fix) {
        checkEntries(argument, c.check(param), Constraints.violation(c), fix);
    }

    /**
     * Checks a value given to {@link #logProb}: its dtype always; with validation on, its shape
     * against {@code batchShape + eventShape} and its entries against the support.
     */
    protected final void checkValue(Tensor value, DType dtype) {
        String kind = getClass().getSimpleName();
        if (value.dtype() != dtype) {
            throw new PplException(
                    kind
                            + ".logProb: value is "
                            + value.dtype()
                            + " but the parameters are "
                            + dtype
                            + "; cast it with value.cast(DType."
                            + dtype.name()
                            + ")");
        }
        if (!validate) {
            return;
        }
        checkValueShape(value);
        Constraint s = support();
        Tensor ok = Constraints.elementwise(s).check(value);
        checkEntries(
                "value", ok, Constraints.violation(s) + " (support " + s.name() + ")", valueFix());
    }

    /**
     * With validation on, checks that {@code value} ends with the event shape and broadcasts with
     * {@code batchShape + eventShape}.
     */
    protected final void checkValueShape(Tensor value) {
        if (!validate) {
            return;
        }
        String kind = getClass().getSimpleName();
        Shape vs = value.shape();
        int er = eventShape.rank();
        if (vs.rank() < er || !vs.sub(vs.rank() - er, vs.rank()).equals(eventShape)) {
            throw new ShapeException(
                    kind
                            + ".logProb: the rightmost dims of value "
                            + vs
                            + " must equal the event shape "
                            + eventShape
                            + "; give one event per row, or reshape the value");
        }
        Shape expected = batchShape.concat(eventShape);
        int n = Math.min(vs.rank(), expected.rank());
        for (int i = 1; i <= n; i++) {
            int a = vs.dim(-i);
            int b = expected.dim(-i);
            if (a != b && a != 1 && b != 1) {
                throw new ShapeException(
                        kind
                                + ".logProb: value shape "
                                + vs
                                + " does not broadcast with batchShape + eventShape "
                                + expected
                                + " (dim "
                                + (-i)
                                + ": "
                                + a
                                + " vs "
                                + b
                                + "); make them equal or 1 there");
            }
        }
    }

    /** How to fix out-of-support values, for the validation message of {@link #logProb}. */
    protected String valueFix() {
        return "pass values inside the support, or turn checks off for this distribution with"
                + " withValidation(false)";
    }

    /** The common dtype of two parameters, or a clear error naming both. */
    protected final DType sameDtype(String a, Tensor ta, String b, Tensor tb) {
        if (ta.dtype() != tb.dtype()) {
            throw new PplException(
                    getClass().getSimpleName()
                            + ": '"
                            + a
                            + "' is "
                            + ta.dtype()
                            + " but '"
                            + b
                            + "' is "
                            + tb.dtype()
                            + "; cast one with .cast(DType."
                            + ta.dtype().name()
                            + ")");
        }
        return ta.dtype();
    }

    /**
     * With validation on, fails if {@code ok} (1 = good, 0 = bad, elementwise) has a 0, naming the
     * argument, how many entries are bad of how many, {@code problem} and {@code fix}.
     */
    protected final void checkEntries(String argument, Tensor ok, String problem, String fix) {
        if (!validate) {
            return;
        }
        if (Dispatch.isTracing()) {
            // A compiled step checks on the device; a failure re-runs the step eagerly, which
            // then reports it here with the count.
            Dispatch.require(ok);
            return;
        }
        long total = ok.size();
        if (total == 0 || ok.min().item() == 1.0) {
            return;
        }
        long good = Math.round(ok.sum().item());
        throw new ValidationException(
                getClass().getSimpleName(), argument, total - good, total, problem, fix);
    }

    /** The kind and shapes, e.g. {@code Normal(batchShape=[3], eventShape=[])}. */
    @Override
    public String toString() {
        return getClass().getSimpleName()
                + "(batchShape="
                + batchShape
                + ", eventShape="
                + eventShape
                + ")";
    }
}
