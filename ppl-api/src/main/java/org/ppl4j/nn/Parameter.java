package org.ppl4j.nn;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * A learnable tensor slot of a {@link Module}: its shape, dtype and initializer, and the value it
 * is bound to for the current step.
 *
 * <p>A module does not own its values: {@code module("decoder", m)} binds each parameter to the
 * param store's value of {@code "decoder." + name}, creating it from {@link #initialValue()} on
 * first registration, and {@code forward} reads {@link #value()}.
 *
 * <pre>{@code
 * for (var e : m.namedParameters().entrySet()) {
 *     Parameter p = e.getValue();
 *     p.bind(store.get("decoder." + e.getKey(), p::initialValue, Constraints.real()));
 * }
 * }</pre>
 */
public final class Parameter {
    private final String name;
    private final Shape shape;
    private final DType dtype;
    private final Initializer init;
    private final Module owner;
    private Tensor value;

    Parameter(String name, Shape shape, DType dtype, Initializer init, Module owner) {
        this.name = name;
        this.shape = shape;
        this.dtype = dtype;
        this.init = init;
        this.owner = owner;
    }

    /** The name within its module, e.g. {@code weight}. */
    public String name() {
        return name;
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /**
     * A new initial value, drawn from the calling thread's random stream ({@code Rng.current()}),
     * in the innermost open scope.
     */
    public Tensor initialValue() {
        Tensor t = init.create(shape, dtype, Rng.current());
        checkType(t, "its initializer made");
        return t;
    }

    /** Binds this parameter to {@code v} (same shape and dtype) until rebound. */
    public void bind(Tensor v) {
        checkType(v, "bind got");
        this.value = v;
    }

    /** Forgets the bound value. */
    public void unbind() {
        this.value = null;
    }

    /** Whether a value is bound. */
    public boolean isBound() {
        return value != null;
    }

    /** The bound value; fails with how to bind it if there is none or it was released. */
    public Tensor value() {
        if (value == null) {
            throw new PplException(
                    "parameter '"
                            + name
                            + "' of "
                            + owner
                            + " is not bound; register the module with module(\"name\", m) in"
                            + " the model or guide, or call m.bindDefaults() to use it on its own");
        }
        if (!value.isAlive()) {
            throw new PplException(
                    "parameter '"
                            + name
                            + "' of "
                            + owner
                            + " is bound to a tensor that was released (the scope of the step that"
                            + " bound it closed); re-bind it in the current scope with"
                            + " module(\"name\", m) in the model or guide, or m.bind(store,"
                            + " prefix)");
        }
        return value;
    }

    private void checkType(Tensor t, String what) {
        if (!t.shape().equals(shape) || t.dtype() != dtype) {
            throw new PplException(
                    "parameter '"
                            + name
                            + "' of "
                            + owner
                            + " is "
                            + dtype
                            + shape
                            + " but "
                            + what
                            + " "
                            + t.type());
        }
    }

    /** The name and type, e.g. {@code weight: float32[400, 784]}. */
    @Override
    public String toString() {
        return name + ": " + dtype + shape;
    }
}
