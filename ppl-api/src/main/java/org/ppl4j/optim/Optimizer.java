package org.ppl4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ppl4j.core.PplException;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.params.ParamStore;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.tensor.TraceAbortedException;

/**
 * Updates the params of a {@link ParamStore} from their gradients, each param with its own state
 * created the first time it gets a gradient (Pyro's {@code PyroOptim}: one PyTorch optimizer per
 * param).
 *
 * <p>Updates run without gradient recording. The state tensors live in the optimizer's own scope;
 * each step releases the values it replaces, so memory stays flat. {@link #state()} and {@link
 * #setState} save and restore everything a step depends on, for resuming bit-identically.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3);
 * List<Tensor> grads = Autodiff.grad(loss, leaves, false);
 * adam.step(store, Map.of("w", grads.get(0), "b", grads.get(1)));
 * }</pre>
 */
public abstract sealed class Optimizer implements AutoCloseable
        permits Adam, ClippedAdam, Sgd, RmsProp, Adagrad {
    private final double lr;
    private final Map<String, ParamState> states = new LinkedHashMap<>();
    private TensorScope owner;
    private boolean closed;

    Optimizer(double lr) {
        if (!(lr >= 0)) {
            throw new PplException(name() + ": invalid learning rate " + lr + "; it must be >= 0");
        }
        this.lr = lr;
    }

    /** The slot names this optimizer keeps per param, in PyTorch's names. */
    abstract List<String> slotNames();

    /**
     * Creates the slots of a new param (when {@code st.isNew()}), advances the step, sets the new
     * slot values and returns the new unconstrained param value.
     */
    abstract Tensor update(Tensor param, Tensor grad, ParamState st);

    /** The class name, e.g. {@code Adam}, recorded in saved state. */
    final String name() {
        return getClass().getSimpleName();
    }

    /**
     * Updates each param named in {@code gradsByName} from its gradient (which must have the
     * param's shape and dtype) and replaces it in {@code store}: {@link #apply} of {@link
     * #compute}.
     */
    public final void step(ParamStore store, Map<String, Tensor> gradsByName) {
        apply(store, compute(store, gradsByName));
    }

    /**
     * The new value of each param and of its slots, computed in the current scope but stored
     * nowhere yet: the traceable half of {@link #step}. Per-step host numbers (the step count,
     * learning rates, bias corrections) enter as {@link org.ppl4j.tensor.HostFeed}s, so a compiled
     * step that traced this computes them anew at every run.
     *
     * @throws TraceAbortedException while tracing, if a param has no state yet (its first step must
     *     run eagerly)
     */
    public final Update compute(ParamStore store, Map<String, Tensor> gradsByName) {
        checkOpen();
        for (Map.Entry<String, Tensor> e : gradsByName.entrySet()) {
            String name = e.getKey();
            if (!store.contains(name)) {
                throw new PplException(
                        name() + ".step: no param '" + name + "' in the store to update");
            }
            Tensor w = store.unconstrained(name);
            Tensor g = e.getValue();
            if (!g.type().equals(w.type())) {
                throw new PplException(
                        name()
                                + ".step: the gradient of param '"
                                + name
                                + "' is "
                                + g.type()
                                + " but the param is "
                                + w.type());
            }
            if (Dispatch.isTracing()
                    && (!states.containsKey(name) || !states.get(name).hasSlots(slotNames()))) {
                throw new TraceAbortedException(
                        name() + " has no state for param '" + name + "' yet");
            }
        }
        Update u = new Update();
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            for (Map.Entry<String, Tensor> e : gradsByName.entrySet()) {
                String name = e.getKey();
                Tensor w = store.unconstrained(name);
                ParamState st = states.get(name);
                if (st == null) {
                    st = new ParamState(lr);
                }
                try (TensorScope tmp = new TensorScope(w.backend())) {
                    Tensor next = tmp.keep(update(w.detach(), e.getValue().detach(), st));
                    Map<String, Tensor> slots = st.takePending();
                    slots.values().forEach(tmp::keep);
                    u.add(name, st, next, slots, slotNames());
                }
            }
        }
        return u;
    }

    /**
     * Stores an update: each new value becomes its param's leaf and each new slot its state (the
     * store and this optimizer take over their memory; the replaced values are released).
     */
    public final void apply(ParamStore store, Update update) {
        checkOpen();
        for (Update.Entry e : update.entries()) {
            if (owner == null) {
                owner = TensorScope.detached(e.value().backend());
            }
            ParamState st = e.state();
            e.slots().forEach(st::slot);
            st.commit(owner);
            store.replaceUnconstrained(e.param(), e.value());
            states.putIfAbsent(e.param(), st);
        }
    }

    /**
     * The current value of slot {@code slot} of param {@code param}, or null if it has none (what a
     * compiled step reads as its optimizer state).
     */
    public final Tensor slot(String param, String slot) {
        ParamState st = states.get(param);
        return st == null ? null : st.slots().get(slot);
    }

    /** The slot names kept per param, in PyTorch's names (e.g. {@code exp_avg}). */
    public final List<String> slots() {
        return slotNames();
    }

    /** Whether every param in {@code names} has state, so a step on them can be traced. */
    public final boolean hasState(Iterable<String> names) {
        for (String n : names) {
            ParamState st = states.get(n);
            if (st == null || !st.hasSlots(slotNames())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The host-side counters of every param (step, learning rate, scheduler epoch), to restore with
     * {@link #restoreCounters} when a step is rolled back.
     */
    public final Object counters() {
        Map<String, double[]> c = new LinkedHashMap<>();
        states.forEach((p, st) -> c.put(p, new double[] {st.step, st.lr, st.epoch}));
        return c;
    }

    /** Puts back counters saved by {@link #counters}. */
    @SuppressWarnings("unchecked")
    public final void restoreCounters(Object saved) {
        ((Map<String, double[]>) saved)
                .forEach(
                        (p, c) -> {
                            ParamState st = states.get(p);
                            if (st != null) {
                                st.step = (long) c[0];
                                st.lr = c[1];
                                st.epoch = (long) c[2];
                            }
                        });
    }

    /** The learning rate new params start with. */
    public final double lr() {
        return lr;
    }

    /** The current learning rate of {@code param} (the initial one if it has no state yet). */
    public final double lr(String param) {
        ParamState st = states.get(param);
        return st == null ? lr : st.lr;
    }

    /** The number of steps {@code param} has taken (0 if it has no state yet). */
    public final long stepCount(String param) {
        ParamState st = states.get(param);
        return st == null ? 0 : st.step;
    }

    /**
     * The number of steps taken: the largest step count of any param (0 before the first), e.g. the
     * step number that keyed noise ({@link org.ppl4j.random.RowKeys}) is keyed by, which a
     * checkpoint of this optimizer therefore carries.
     */
    public final long stepsTaken() {
        long most = 0;
        for (ParamState st : states.values()) {
            most = Math.max(most, st.step);
        }
        return most;
    }

    /** The names of the params that have state, in the order they got it. */
    public final Set<String> params() {
        return Collections.unmodifiableSet(states.keySet());
    }

    /** The per-param states, for schedulers. */
    final Iterable<ParamState> paramStates() {
        return states.values();
    }

    /**
     * Everything a step depends on as safetensors contents: slot {@code s} of param {@code p} under
     * {@code p/s}, and metadata {@code type}, {@code p/step}, {@code p/lr}, {@code p/epoch}.
     */
    public final SafeTensors state() {
        checkOpen();
        Map<String, HostArray> arrays = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("type", name());
        for (Map.Entry<String, ParamState> e : states.entrySet()) {
            String p = e.getKey();
            ParamState st = e.getValue();
            st.slots().forEach((slot, t) -> arrays.put(p + "/" + slot, HostArray.of(t)));
            meta.put(p + "/step", Long.toString(st.step));
            meta.put(p + "/lr", Double.toString(st.lr));
            meta.put(p + "/epoch", Long.toString(st.epoch));
        }
        return new SafeTensors(arrays, meta);
    }

    /**
     * Replaces all per-param state with the one in {@code state} (written by {@link #state()} of an
     * optimizer of the same type and slots); nothing changes if it does not fit.
     */
    public final void setState(SafeTensors state) {
        checkOpen();
        List<String> problems = problems(state);
        if (!problems.isEmpty()) {
            throw new PplException(
                    "cannot load "
                            + name()
                            + " state from "
                            + state
                            + ":\n  "
                            + String.join("\n  ", problems));
        }
        Map<String, ParamState> loaded = new LinkedHashMap<>();
        try (TensorScope tmp =
                owner != null ? new TensorScope(owner.backend()) : new TensorScope()) {
            for (String p : paramNames(state)) {
                ParamState st = new ParamState(Double.parseDouble(state.metadata().get(p + "/lr")));
                st.step = Long.parseLong(state.metadata().get(p + "/step"));
                st.epoch = Long.parseLong(state.metadata().get(p + "/epoch"));
                for (String slot : slotNames()) {
                    Tensor t = state.get(p + "/" + slot).toTensor();
                    if (owner == null) {
                        owner = TensorScope.detached(t.backend());
                    }
                    st.slot(slot, t);
                }
                st.commit(owner);
                loaded.put(p, st);
            }
        }
        // States are updated in place: a compiled step holds them (its feeds advance the counts).
        states.entrySet()
                .removeIf(
                        e -> {
                            if (loaded.containsKey(e.getKey())) {
                                return false;
                            }
                            e.getValue().release();
                            return true;
                        });
        loaded.forEach(
                (p, st) -> {
                    ParamState mine = states.get(p);
                    if (mine == null) {
                        states.put(p, st);
                    } else {
                        mine.takeOver(st);
                    }
                });
    }

    /** What is wrong with {@code state} for this optimizer; empty if it fits. */
    final List<String> problems(SafeTensors state) {
        List<String> problems = new ArrayList<>();
        String type = state.metadata().get("type");
        if (!name().equals(type)) {
            problems.add("it was written by " + type + ", not " + name());
            return problems;
        }
        Set<String> params = paramNames(state);
        Set<String> expected = new TreeSet<>();
        for (String p : params) {
            for (String slot : slotNames()) {
                expected.add(p + "/" + slot);
            }
            for (String key : List.of("step", "lr", "epoch")) {
                String v = state.metadata().get(p + "/" + key);
                if (v == null || !parses(v, key.equals("lr"))) {
                    problems.add("param '" + p + "' has a missing or bad " + key + ": " + v);
                }
            }
        }
        Set<String> found = new TreeSet<>(state.names());
        if (!found.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(found);
            found.removeAll(expected);
            problems.add(
                    "its slots do not match "
                            + this
                            + ", which keeps "
                            + slotNames()
                            + " per param: missing "
                            + missing
                            + ", unexpected "
                            + found);
        }
        return problems;
    }

    private static Set<String> paramNames(SafeTensors state) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : state.metadata().keySet()) {
            if (key.endsWith("/step")) {
                names.add(key.substring(0, key.length() - "/step".length()));
            }
        }
        return names;
    }

    private static boolean parses(String v, boolean isDouble) {
        try {
            if (isDouble) {
                Double.parseDouble(v);
            } else {
                Long.parseLong(v);
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new PplException("this " + name() + " optimizer is closed; create a new one");
        }
    }

    /** The name and hyperparameters, e.g. {@code Adam(lr=0.001, betas=(0.9, 0.999), ...)}. */
    @Override
    public String toString() {
        return name() + "(lr=" + lr + ")";
    }

    /** Releases the state tensors; the optimizer cannot be used afterwards. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        states.clear();
        if (owner != null) {
            owner.close();
        }
        closed = true;
    }
}
