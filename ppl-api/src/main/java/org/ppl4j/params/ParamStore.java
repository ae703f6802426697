package org.ppl4j.params;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Constraint;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.tensor.TraceAbortedException;

/**
 * Named learnable parameters, kept unconstrained (Pyro's {@code ParamStoreDict}).
 *
 * <p>Each parameter is stored as an unconstrained leaf tensor that gradients are taken with respect
 * to, together with the {@link Constraint} whose bijection maps it onto its domain. The leaves'
 * memory belongs to the store (its own detached {@link TensorScope}) and lives until the parameter
 * is removed or replaced or the store is closed. A store is used by one thread; the one that {@code
 * Ppl.param} reads is the calling thread's {@link #current()}.
 *
 * <pre>{@code
 * try (var store = new ParamStore(); var step = new TensorScope()) {
 *     Tensor scale = store.get("scale", () -> Tensor.ones(DType.F32, 3), Constraints.positive());
 *     Tensor u = store.unconstrained("scale"); // log(scale), the leaf the optimizer updates
 *     store.save(Path.of("params.safetensors"));
 * }
 * }</pre>
 */
public final class ParamStore implements AutoCloseable {
    /** The metadata key prefix under which {@link #state} records each param's constraint. */
    public static final String CONSTRAINT_KEY = "constraint/";

    private static final ThreadLocal<ParamStore> CURRENT = new ThreadLocal<>();

    private final Map<String, Entry> params = new LinkedHashMap<>();
    private TensorScope owner;
    private boolean closed;

    /** The calling thread's param store, created empty on first use. */
    public static ParamStore current() {
        ParamStore s = CURRENT.get();
        if (s == null) {
            s = new ParamStore();
            CURRENT.set(s);
        }
        return s;
    }

    /**
     * Makes {@code store} the calling thread's param store (e.g. one loaded from a checkpoint;
     * null: a new empty one on next use) and returns the previous one, which the caller now owns.
     */
    public static ParamStore current(ParamStore store) {
        ParamStore old = CURRENT.get();
        CURRENT.set(store);
        return old;
    }

    private record Entry(Tensor leaf, Constraint constraint) {}

    /** An empty store; its memory is owned by a scope created with the first parameter. */
    public ParamStore() {}

    /**
     * The constrained value of param {@code name}, created on first use from {@code init} (a value
     * in the constraint's domain). Later calls return the stored value and ignore {@code init} and
     * {@code c}: the constraint given first wins, as in Pyro. The value is computed from the leaf
     * in the caller's current scope.
     */
    public Tensor get(String name, Supplier<Tensor> init, Constraint c) {
        Entry e = params.get(checkOpen(name));
        if (e == null) {
            e = create(name, init, c);
        }
        return e.constraint.toConstrained(e.leaf);
    }

    /** {@link #get(String, Supplier, Constraint)} with the real-line constraint. */
    public Tensor get(String name, Supplier<Tensor> init) {
        return get(name, init, Constraints.real());
    }

    /** The constrained value of an existing param. */
    public Tensor get(String name) {
        Entry e = entry(name);
        return e.constraint.toConstrained(e.leaf);
    }

    private Entry create(String name, Supplier<Tensor> init, Constraint c) {
        if (init == null || c == null) {
            throw new PplException(
                    "param '"
                            + name
                            + "' is not in the store yet; give an init value and a"
                            + " constraint the first time it is used");
        }
        if (Dispatch.isTracing()) {
            throw new TraceAbortedException(
                    "param '" + name + "' is created inside a step being traced");
        }
        Tensor value = init.get();
        if (value == null) {
            throw new PplException("param '" + name + "': the init supplier returned null");
        }
        Tensor u;
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            checkInit(name, value.detach(), c);
            // The copy gives the store memory no one else holds, whatever init returned.
            u = c.toUnconstrained(value.detach()).mul(1.0);
        }
        Tensor leaf = u.requiringGrad();
        scopeFor(leaf).adopt(leaf);
        Entry e = new Entry(leaf, c);
        params.put(name, e);
        return e;
    }

    /**
     * The init value must lie in the constraint's region: outside it the bijection's inverse gives
     * NaN ({@code positive} of -1) or clips silently ({@code unitInterval} of 2 becomes
     * 0.99999988), and the error would surface later at some sample site. One host read, when the
     * param is made.
     */
    private static void checkInit(String name, Tensor value, Constraint c) {
        double[] ok = c.check(value).toDoubleArray();
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] == 0) {
                double bad = value.toDoubleArray()[value.shape().size() == ok.length ? i : 0];
                throw new PplException(
                        "param '"
                                + name
                                + "': its initial value "
                                + (ok.length == 1
                                        ? ""
                                        : "at index " + i + " of " + value.shape() + " ")
                                + "is "
                                + bad
                                + ", outside its constraint "
                                + c.name()
                                + (Double.isNaN(bad) ? " (NaN is inside no constraint)" : "")
                                + "; give an init value inside "
                                + c.name());
            }
        }
    }

    private TensorScope scopeFor(Tensor t) {
        if (owner == null) {
            owner = TensorScope.detached(t.backend());
        }
        return owner;
    }

    /** The unconstrained leaf of param {@code name} (the tensor gradients are taken against). */
    public Tensor unconstrained(String name) {
        return entry(name).leaf;
    }

    /** The constraint of param {@code name}. */
    public Constraint constraint(String name) {
        return entry(name).constraint;
    }

    /** The param names in the order they were created (unmodifiable view). */
    public Set<String> names() {
        return Collections.unmodifiableSet(params.keySet());
    }

    /** Whether a param of this name exists. */
    public boolean contains(String name) {
        return params.containsKey(name);
    }

    /** The number of params. */
    public int size() {
        return params.size();
    }

    /** Removes param {@code name} and releases its memory; does nothing if it is absent. */
    public void remove(String name) {
        Entry e = params.remove(checkOpen(name));
        if (e != null) {
            e.leaf.close();
        }
    }

    /** Removes every param and releases their memory. */
    public void clear() {
        checkOpen("clear");
        for (Entry e : params.values()) {
            e.leaf.close();
        }
        params.clear();
    }

    /**
     * Makes {@code newValue} (same shape and dtype) the unconstrained value of param {@code name}:
     * the store takes ownership of its memory, uses it as the new leaf and releases the old one.
     */
    public void replaceUnconstrained(String name, Tensor newValue) {
        Entry e = entry(name);
        if (!newValue.type().equals(e.leaf.type())) {
            throw new PplException(
                    "replaceUnconstrained: param '"
                            + name
                            + "' is "
                            + e.leaf.type()
                            + " but the new value is "
                            + newValue.type()
                            + "; remove it and get(...) it again to change its shape or dtype");
        }
        if (!newValue.isAlive()) {
            throw new PplException(
                    "replaceUnconstrained: the new value of param '"
                            + name
                            + "' was already released; create it in a scope that is still open");
        }
        Tensor leaf = newValue.detach().requiringGrad();
        if (!owner.adoptNew(leaf)) {
            throw new PplException(
                    "replaceUnconstrained: the new value of param '"
                            + name
                            + "' shares memory with a tensor the store already holds; pass a"
                            + " newly computed tensor (e.g. value.mul(1.0))");
        }
        params.put(name, new Entry(leaf, e.constraint));
        e.leaf.close();
    }

    /** Writes every param (unconstrained, with its constraint's name) to a safetensors file. */
    public void save(Path file) {
        state().write(file);
    }

    /** Reads params written by {@link #save}; see {@link #setState} for the rules. */
    public void load(Path file) {
        setState(SafeTensors.read(file));
    }

    /**
     * The params as safetensors contents (Pyro's {@code get_state}): each unconstrained value under
     * its name, and each constraint's name under metadata key {@code constraint/NAME}.
     */
    public SafeTensors state() {
        checkOpen("state");
        Map<String, HostArray> arrays = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : params.entrySet()) {
            arrays.put(e.getKey(), HostArray.of(e.getValue().leaf));
            meta.put(CONSTRAINT_KEY + e.getKey(), e.getValue().constraint.name());
        }
        return new SafeTensors(arrays, meta);
    }

    /**
     * Replaces the params' values with those of {@code state} (Pyro's {@code set_state}). If the
     * store is empty it takes the params as they are (a missing constraint means real); otherwise
     * names, shapes, dtypes and constraints must match exactly, and every difference is reported at
     * once. Nothing changes unless the whole state fits.
     */
    public void setState(SafeTensors state) {
        checkOpen("setState");
        Map<String, Constraint> constraints = new LinkedHashMap<>();
        List<String> problems = params.isEmpty() ? fresh(state, constraints) : diff(state);
        problems.addAll(nonFinite(state, "param"));
        if (!problems.isEmpty()) {
            throw new PplException(
                    "cannot load params from "
                            + state
                            + ":\n  "
                            + String.join("\n  ", problems)
                            + (params.isEmpty()
                                    ? ""
                                    : "\nthe file must hold exactly the store's params; clear()"
                                            + " the store to load the file's params as they are"));
        }
        try (TensorScope tmp =
                owner != null ? new TensorScope(owner.backend()) : new TensorScope()) {
            for (Map.Entry<String, HostArray> a : state.arrays().entrySet()) {
                String name = a.getKey();
                Tensor leaf = a.getValue().toTensor().requiringGrad();
                scopeFor(leaf).adopt(leaf);
                Entry old = params.get(name);
                Constraint c = old != null ? old.constraint : constraints.get(name);
                params.put(name, new Entry(leaf, c));
                if (old != null) {
                    old.leaf.close();
                }
            }
        }
    }

    /**
     * One line per tensor of {@code state} holding a NaN or infinity, naming it as {@code what} and
     * the first bad index: such a value would train on silently, or fail later at some site.
     */
    public static List<String> nonFinite(SafeTensors state, String what) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, HostArray> e : state.arrays().entrySet()) {
            HostArray a = e.getValue();
            for (int i = 0; i < a.size(); i++) {
                double v = a.get(i);
                if (!Double.isFinite(v)) {
                    problems.add(
                            what
                                    + " '"
                                    + e.getKey()
                                    + "' holds "
                                    + v
                                    + " at index "
                                    + i
                                    + " of "
                                    + a.shape()
                                    + "; the file is damaged or was saved from a run that diverged,"
                                    + " use an earlier one");
                    break;
                }
            }
        }
        return problems;
    }

    private static List<String> fresh(SafeTensors state, Map<String, Constraint> out) {
        List<String> problems = new ArrayList<>();
        for (String name : state.names()) {
            String cn = state.metadata().getOrDefault(CONSTRAINT_KEY + name, "real");
            Constraint c = ConstraintNames.parse(cn);
            if (c == null) {
                problems.add(
                        "param '"
                                + name
                                + "' has constraint '"
                                + cn
                                + "', which cannot be rebuilt from its name; get(...) the param"
                                + " with its constraint before loading");
            }
            out.put(name, c);
        }
        return problems;
    }

    private List<String> diff(SafeTensors state) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Entry> e : params.entrySet()) {
            String name = e.getKey();
            if (!state.contains(name)) {
                problems.add("param '" + name + "' is in the store but not in the file");
                continue;
            }
            HostArray a = state.get(name);
            Tensor leaf = e.getValue().leaf;
            if (!a.shape().equals(leaf.shape())) {
                problems.add(
                        "param '"
                                + name
                                + "' has shape "
                                + a.shape()
                                + " in the file but "
                                + leaf.shape()
                                + " in the store");
            }
            if (a.dtype() != leaf.dtype()) {
                problems.add(
                        "param '"
                                + name
                                + "' has dtype "
                                + a.dtype()
                                + " in the file but "
                                + leaf.dtype()
                                + " in the store");
            }
            String cn = state.metadata().get(CONSTRAINT_KEY + name);
            String have = e.getValue().constraint.name();
            if (cn != null && !cn.equals(have)) {
                problems.add(
                        "param '"
                                + name
                                + "' has constraint "
                                + cn
                                + " in the file but "
                                + have
                                + " in the store");
            }
        }
        for (String name : state.names()) {
            if (!params.containsKey(name)) {
                problems.add("param '" + name + "' is in the file but not in the store");
            }
        }
        return problems;
    }

    private Entry entry(String name) {
        Entry e = params.get(checkOpen(name));
        if (e == null) {
            throw new PplException(
                    "no param '"
                            + name
                            + "' in the store; create it first with get(\""
                            + name
                            + "\", init, constraint)");
        }
        return e;
    }

    private String checkOpen(String what) {
        if (closed) {
            throw new PplException(
                    "this ParamStore is closed (used for '" + what + "'); create a new one");
        }
        return what;
    }

    /** Releases the memory of every param; the store cannot be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        params.clear();
        if (owner != null) {
            owner.close();
        }
        closed = true;
    }

    /** The param names with their types, e.g. {@code ParamStore[w=float32[2, 3]]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParamStore[");
        for (Map.Entry<String, Entry> e : params.entrySet()) {
            sb.append(sb.length() > 11 ? ", " : "").append(e.getKey()).append('=');
            sb.append(e.getValue().leaf.type());
        }
        return sb.append(']').toString();
    }
}
