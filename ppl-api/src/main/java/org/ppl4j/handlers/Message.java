package org.ppl4j.handlers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Constraint;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.tensor.Tensor;

/**
 * The one message type that flows through the handler stack for every {@code sample} and {@code
 * param} statement and every plate's subsample (Pyro's {@code msg} dict, typed). Handlers read and
 * change it in {@code process}/{@code postprocess}; a {@link Trace} keeps an immutable {@link Site}
 * snapshot of it.
 */
public final class Message {
    final SiteType type;
    final String name;
    Distribution fn;
    Tensor value;
    boolean observed;
    double scale = 1.0;
    Tensor mask;
    final List<PlateFrame> frames = new ArrayList<>();
    final Map<String, Object> infer = new HashMap<>();
    boolean done;
    boolean stop;

    /** For param sites: the initial value (constrained) and the constraint. */
    Supplier<Tensor> init;

    Constraint constraint;

    /** For subsample sites: the indices the plate uses. */
    int[] indices;

    Message(SiteType type, String name) {
        this.type = type;
        this.name = name;
    }

    /** A sample statement's message; {@code obs} is null for a latent site. */
    public static Message sample(String name, Distribution fn, Tensor obs) {
        Message m = new Message(SiteType.SAMPLE, name);
        m.fn = fn;
        if (obs != null) {
            m.value = obs;
            m.observed = true;
        }
        return m;
    }

    /** A param statement's message. */
    public static Message param(String name, Supplier<Tensor> init, Constraint constraint) {
        Message m = new Message(SiteType.PARAM, name);
        m.init = init;
        m.constraint = constraint;
        return m;
    }

    /** A plate's subsample message, named after the plate. */
    static Message subsample(String name) {
        return new Message(SiteType.SUBSAMPLE, name);
    }

    /**
     * Sends this message through the calling thread's handler stack (Pyro's {@code apply_stack}):
     * each handler processes it from the innermost out until one stops it, then {@code
     * defaultAction} runs unless a handler gave a value or marked it done, then the handlers
     * reached postprocess it from the outermost back in. {@code Ppl.sample} and {@code Ppl.param}
     * are this with a draw or a param-store lookup as the default; a new effectful statement is
     * too.
     *
     * @return this message, with its final value
     */
    public Message send(Runnable defaultAction) {
        PplException.nonNull(defaultAction, "defaultAction", "send('" + name + "')");
        return HandlerStack.apply(this, defaultAction);
    }

    /** Whether this is a sample, param or subsample site. */
    public SiteType type() {
        return type;
    }

    /** The site name. */
    public String name() {
        return name;
    }

    /** The distribution of a sample site (null for params). */
    public Distribution fn() {
        return fn;
    }

    /** Replaces the distribution (e.g. broadcast by a plate). */
    public void fn(Distribution d) {
        this.fn = d;
    }

    /** The value, once set by a handler or the default action. */
    public Tensor value() {
        return value;
    }

    /** Sets the value (replay, condition, substitute, injected noise...). */
    public void value(Tensor v) {
        this.value = v;
    }

    /** Whether the value is observed data. */
    public boolean observed() {
        return observed;
    }

    /** Marks the value as observed data. */
    public void observed(boolean o) {
        this.observed = o;
    }

    /** The log-density scale (product of scale handlers and plate subsampling). */
    public double scale() {
        return scale;
    }

    /** Multiplies the scale. */
    public void multiplyScale(double s) {
        this.scale *= s;
    }

    /** The mask (1 keeps, 0 drops log-density entries), or null for none. */
    public Tensor mask() {
        return mask;
    }

    /** Combines a further mask with the current one (logical and). */
    public void andMask(Tensor m) {
        this.mask = mask == null ? m : mask.mul(m);
    }

    /** The enclosing plates, outermost first. */
    public List<PlateFrame> frames() {
        return frames;
    }

    /** Per-site inference options (Pyro's {@code infer} dict). */
    public Map<String, Object> infer() {
        return infer;
    }

    /** Whether the value is final: the default action will not draw or read it. */
    public boolean done() {
        return done;
    }

    /** Marks the value final. */
    public void done(boolean d) {
        this.done = d;
    }

    /** Stops the message from reaching handlers further down the stack (Pyro's block). */
    public void stop() {
        this.stop = true;
    }

    /** The constraint of a param site. */
    public Constraint constraint() {
        return constraint;
    }

    /** The indices of a subsample site (a copy), or null while none is chosen. */
    public int[] indices() {
        return indices == null ? null : indices.clone();
    }

    /** Fixes the indices of a subsample site (replay, condition, substitute). */
    public void indices(int[] idx) {
        this.indices = idx.clone();
        this.done = true;
    }

    /**
     * Fixes a subsample site's indices as an integer tensor: how a plate's minibatch travels inside
     * a compiled step, where the indices are an input of the program (replay copies it).
     */
    void indexTensor(Tensor idx) {
        this.value = idx;
        this.done = true;
    }

    /**
     * Sets a subsample site's indices from a tensor of integer values, e.g. one passed to condition
     * or substitute under the plate's name.
     */
    void indicesFrom(Tensor t) {
        double[] v = t.toDoubleArray();
        int[] idx = new int[v.length];
        boolean ok = t.rank() == 1;
        for (int i = 0; i < v.length; i++) {
            idx[i] = (int) v[i];
            ok &= idx[i] == v[i];
        }
        if (!ok) {
            throw new PplException(
                    "plate '"
                            + name
                            + "': subsample indices must be a vector of integers, got "
                            + t.type()
                            + "; pass e.g. Tensor.of(new double[] {0, 5, 7}, 3)");
        }
        indices(idx);
    }

    Site toSite() {
        return new Site(
                type,
                name,
                fn,
                value,
                observed,
                scale,
                mask,
                List.copyOf(frames),
                Map.copyOf(infer),
                indices);
    }
}
