package org.ppl4j.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.params.ParamStore;

/**
 * A neural-network building block with named {@link Parameter}s and submodules (PyTorch's {@code
 * nn.Module}).
 *
 * <p>Parameters are named with dots through the submodules, {@code fc1.weight}, and listed as
 * PyTorch does: a module's own parameters in declaration order, then each submodule's in turn.
 * Values are not owned by the module but bound to it, by {@code module("name", m)} from the param
 * store, or by {@link #bindDefaults()} for plain use.
 *
 * <pre>{@code
 * final class Decoder extends Module {
 *     final Linear fc1 = submodule("fc1", new Linear(50, 400));
 *     final Linear fc21 = submodule("fc21", new Linear(400, 784));
 *
 *     Tensor forward(Tensor z) {
 *         return fc21.forward(fc1.forward(z).softplus()).sigmoid();
 *     }
 * }
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /** A module with no parameters yet; subclasses declare them in their constructors. */
    protected Module() {}

    /** Declares a parameter of this module. */
    protected final Parameter parameter(String name, Shape shape, DType dtype, Initializer init) {
        checkName(name);
        Parameter p = new Parameter(name, shape, dtype, init, this);
        params.put(name, p);
        return p;
    }

    /** Declares {@code module} a submodule called {@code name} and returns it. */
    protected final <M extends Module> M submodule(String name, M module) {
        checkName(name);
        if (module == this) {
            throw new PplException(this + ": a module cannot be its own submodule");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new PplException(
                    this + ": the name '" + name + "' must be non-empty and hold no '.'");
        }
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new PplException(
                    this + ": '" + name + "' is already a parameter or submodule; pick another");
        }
    }

    /** Every parameter under its dotted name, in PyTorch's order (unmodifiable). */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        params.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    /** The direct submodules by name, in declaration order (unmodifiable). */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Binds every parameter to a fresh initial value drawn from the context's random stream, owned
     * by the innermost open scope: for using a module outside a model or guide.
     */
    public final void bindDefaults() {
        for (Parameter p : namedParameters().values()) {
            p.bind(p.initialValue());
        }
    }

    /**
     * Binds every parameter to param {@code prefix + "." + name} of {@code store}, creating it from
     * the parameter's initializer if absent: what {@code module(prefix, m)} does, minus the effect
     * handlers.
     */
    public final void bind(ParamStore store, String prefix) {
        String p0 = prefix.isEmpty() ? "" : prefix + ".";
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            Parameter p = e.getValue();
            p.bind(store.get(p0 + e.getKey(), p::initialValue, Constraints.real()));
        }
    }

    /** Unbinds every parameter. */
    public final void unbind() {
        namedParameters().values().forEach(Parameter::unbind);
    }

    /** The class name, e.g. {@code Decoder()}; modules with sizes override it. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
