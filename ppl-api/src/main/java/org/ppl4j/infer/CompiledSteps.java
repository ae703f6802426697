package org.ppl4j.infer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.optim.Optimizer;
import org.ppl4j.optim.Update;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.random.RowKeys;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.TensorType;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.ConcretizationException;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Program;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.tensor.TraceAbortedException;

/**
 * The compiled steps of one {@link Svi} (Pyro's {@code JitTrace_ELBO}): per signature (backend, the
 * arguments' tensor types and static values, the validation setting) one traced {@link Program} for
 * {@code step} — ELBO, backward pass and optimizer update — and one for {@code evaluateLoss}.
 *
 * <p>Each new signature is traced and compiled on its first call, unless the trace meets a param or
 * optimizer state that does not exist yet (the first step of a fresh run): then that step runs
 * eagerly, creating them and validating with host reads as always, and the next call traces. A
 * resumed run therefore compiles at once, like the run it continues. Later calls only run the
 * program. State stays on the backend: the program reads params and slots and returns their new
 * values, which replace the old ones. A run whose flag says a value was not finite or a validation
 * check failed is discarded and the step re-run eagerly from the same state (random stream and step
 * counts restored), so the error names the site or param as an eager run does.
 *
 * @param <A> the arguments' type
 */
final class CompiledSteps<A> {
    /** Tries to trace a signature at most this often before it stays eager. */
    private static final int MAX_TRACES = 3;

    private record ArgRef(int index) {
        @Override
        public String toString() {
            return "argument tensor #" + index;
        }
    }

    private record ParamRef(String name) {
        @Override
        public String toString() {
            return "param '" + name + "'";
        }
    }

    private record SlotRef(String param, String slot) {
        @Override
        public String toString() {
            return "optimizer slot " + slot + " of param '" + param + "'";
        }
    }

    /** A compiled program and what it needs to hand its outputs back. */
    private record Entry(Program program, Map<String, TensorType> params, Update template) {}

    private final Svi<A> svi;
    private final int checkSteps;
    private final boolean replay;
    private final Map<List<Object>, Entry> steps = new HashMap<>();
    private final Map<List<Object>, Entry> evals = new HashMap<>();
    private final Map<List<Object>, Integer> tries = new HashMap<>();
    private int checked;
    private int compiledRuns;

    CompiledSteps(Svi<A> svi, int checkSteps, boolean replay) {
        this.svi = svi;
        this.checkSteps = checkSteps;
        this.replay = replay;
    }

    /** The number of steps and evaluations that ran as a compiled program. */
    int compiledRuns() {
        return compiledRuns;
    }

    /** The number of programs compiled so far (steps and evaluations). */
    int programs() {
        return steps.size() + evals.size();
    }

    double step(A args) {
        try (TensorScope scope = new TensorScope()) {
            StepArgs sa = StepArgs.of(args);
            List<Object> sig = signature("step", scope.backend(), sa);
            Entry e = entry(steps, sig, () -> traceStep(args, sa, scope.backend()));
            if (e == null) {
                return svi.eagerStep(args);
            }
            if (checked < checkSteps) {
                checked++;
                return checkedStep(e, args, sa);
            }
            return runStep(e, args, sa);
        }
    }

    double evaluate(A args) {
        try (TensorScope scope = new TensorScope()) {
            StepArgs sa = StepArgs.of(args);
            List<Object> sig = signature("evaluate", scope.backend(), sa);
            Entry e = entry(evals, sig, () -> traceEvaluate(args, sa, scope.backend()));
            if (e == null) {
                return svi.eagerEvaluate(args);
            }
            long[] rng = Rng.current().state();
            Program.Result r = e.program().run(key -> bind(key, sa));
            if (!r.ok()) {
                Rng.current(Rng.restore(rng));
                return svi.eagerEvaluate(args);
            }
            compiledRuns++;
            return r.outputs().get(0).item();
        }
    }

    private static List<Object> signature(String what, Backend b, StepArgs sa) {
        List<Object> sig = new ArrayList<>();
        sig.add(what);
        sig.add(b);
        sig.add(Distribution.defaultValidation());
        // Keyed draws are traced as keyed feeds: a program is for keyed steps or for others.
        RowKeys keys = RowKeys.current();
        sig.add(keys == null ? "stream noise" : keys.signature());
        sig.addAll(sa.signature());
        return sig;
    }

    /**
     * The program for {@code sig}, or null when this call runs eagerly: one whose trace was aborted
     * (a param or optimizer state did not exist yet), or one that gave up compiling.
     */
    private Entry entry(
            Map<List<Object>, Entry> cache,
            List<Object> sig,
            java.util.function.Supplier<Entry> trace) {
        Entry e = cache.get(sig);
        if (e != null && !paramsUnchanged(e)) {
            cache.remove(sig).program().close();
            tries.remove(sig);
            e = null;
        }
        if (e != null) {
            return e;
        }
        if (tries.merge(sig, 1, Integer::sum) > MAX_TRACES) {
            return null;
        }
        try {
            e = trace.get();
        } catch (TraceAbortedException aborted) {
            return null;
        } catch (ConcretizationException c) {
            String site = Handlers.lastSite();
            throw new PplException(
                    "compiled step: "
                            + c.getMessage()
                            + (site == null ? "" : " (the last site reached was '" + site + "')"),
                    c);
        }
        cache.put(sig, e);
        return e;
    }

    private boolean paramsUnchanged(Entry e) {
        ParamStore store = ParamStore.current();
        for (Map.Entry<String, TensorType> p : e.params().entrySet()) {
            if (!store.contains(p.getKey())
                    || !store.unconstrained(p.getKey()).type().equals(p.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Keys for everything a step reads from outside: argument tensors, params, slots. */
    private Map<Tensor, Object> keys(StepArgs sa) {
        Map<Tensor, Object> keys = new LinkedHashMap<>();
        for (int i = 0; i < sa.tensors().size(); i++) {
            keys.put(sa.tensors().get(i), new ArgRef(i));
        }
        ParamStore store = ParamStore.current();
        for (String n : store.names()) {
            keys.put(store.unconstrained(n), new ParamRef(n));
        }
        Optimizer opt = svi.optimizer();
        for (String p : opt.params()) {
            for (String s : opt.slots()) {
                Tensor t = opt.slot(p, s);
                if (t != null) {
                    keys.put(t, new SlotRef(p, s));
                }
            }
        }
        return keys;
    }

    private Tensor bind(Object key, StepArgs sa) {
        if (key instanceof ArgRef a) {
            return sa.tensors().get(a.index());
        }
        if (key instanceof ParamRef p) {
            return ParamStore.current().unconstrained(p.name());
        }
        SlotRef s = (SlotRef) key;
        return svi.optimizer().slot(s.param(), s.slot());
    }

    private Entry traceStep(A args, StepArgs sa, Backend b) {
        ParamStore store = ParamStore.current();
        Update[] template = new Update[1];
        Map<String, TensorType> used = new LinkedHashMap<>();
        Program p =
                Program.trace(
                        b,
                        keys(sa),
                        () -> {
                            ElboEstimate e = svi.loss().estimate(svi.model(), svi.guide(), args);
                            List<String> names = new ArrayList<>(e.paramNames());
                            List<Tensor> leaves = new ArrayList<>();
                            for (String n : names) {
                                leaves.add(store.unconstrained(n));
                                used.put(n, store.unconstrained(n).type());
                            }
                            List<Tensor> grads =
                                    names.isEmpty()
                                            ? List.of()
                                            : Autodiff.grad(e.surrogateLoss(), leaves, false);
                            Map<String, Tensor> byName = new LinkedHashMap<>();
                            Tensor check = e.loss();
                            for (int i = 0; i < names.size(); i++) {
                                byName.put(names.get(i), grads.get(i));
                                check = check.add(grads.get(i).sum());
                            }
                            // x - x is 0 exactly when x is finite.
                            Dispatch.require(check.sub(check).eq(0.0));
                            template[0] = svi.optimizer().compute(store, byName);
                            List<Tensor> outs = new ArrayList<>();
                            outs.add(e.loss());
                            outs.addAll(template[0].tensors());
                            return outs;
                        },
                        replay);
        return new Entry(p, used, template[0]);
    }

    private Entry traceEvaluate(A args, StepArgs sa, Backend b) {
        Program p =
                Program.trace(
                        b,
                        keys(sa),
                        () -> {
                            try (var noGrad = Autodiff.noGrad()) {
                                Tensor loss =
                                        svi.loss().estimate(svi.model(), svi.guide(), args).loss();
                                Dispatch.require(loss.sub(loss).eq(0.0));
                                return List.of(loss);
                            }
                        },
                        replay);
        return new Entry(p, Map.of(), null);
    }

    private double runStep(Entry e, A args, StepArgs sa) {
        long[] rng = Rng.current().state();
        Object counters = svi.optimizer().counters();
        Program.Result r = e.program().run(key -> bind(key, sa));
        if (!r.ok()) {
            Rng.current(Rng.restore(rng));
            svi.optimizer().restoreCounters(counters);
            return svi.eagerStep(args);
        }
        List<Tensor> outs = r.outputs();
        svi.optimizer()
                .apply(
                        ParamStore.current(),
                        e.template().withTensors(outs.subList(1, outs.size())));
        compiledRuns++;
        return outs.get(0).item();
    }

    /**
     * Runs the step eagerly and compiled from the same state and fails on a difference beyond
     * float32 tolerance (1e-4 relative in the loss and in every param), keeping the compiled
     * result.
     */
    private double checkedStep(Entry e, A args, StepArgs sa) {
        ParamStore store = ParamStore.current();
        SafeTensors params0 = store.state();
        SafeTensors opt0 = svi.optimizer().state();
        long[] rng0 = Rng.current().state();
        double eager = svi.eagerStep(args);
        SafeTensors paramsEager = store.state();
        store.setState(params0);
        svi.optimizer().setState(opt0);
        Rng.current(Rng.restore(rng0));
        double compiled = runStep(e, args, sa);
        List<String> problems = new ArrayList<>();
        if (!close(eager, compiled)) {
            problems.add("loss: eager " + eager + ", compiled " + compiled);
        }
        SafeTensors paramsCompiled = store.state();
        for (String n : paramsEager.names()) {
            String d = difference(paramsEager.get(n), paramsCompiled.get(n));
            if (d != null) {
                problems.add("param '" + n + "': " + d);
            }
        }
        if (!problems.isEmpty()) {
            throw new PplException(
                    "compiled step "
                            + checked
                            + " differs from the eager step beyond float32 tolerance (1e-4"
                            + " relative):\n  "
                            + String.join("\n  ", problems)
                            + "\nplease report it with the model; run eagerly (no jit) meanwhile");
        }
        return compiled;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-4 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static String difference(HostArray a, HostArray b) {
        if (b == null) {
            return "missing after the compiled step";
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(x[i] - y[i]) <= 1e-4 * Math.max(1.0, scale))) {
                return "entry " + i + ": eager " + x[i] + ", compiled " + y[i];
            }
        }
        return null;
    }

    void close() {
        steps.values().forEach(e -> e.program().close());
        evals.values().forEach(e -> e.program().close());
        steps.clear();
        evals.clear();
    }
}
