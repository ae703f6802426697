package org.ppl4j.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ppl4j.core.PplException;
import org.ppl4j.handlers.Site;
import org.ppl4j.handlers.Trace;
import org.ppl4j.optim.Optimizer;
import org.ppl4j.params.ParamStore;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Stochastic variational inference (Pyro's {@code SVI}): each {@link #step} estimates the ELBO of
 * the guide against the model, differentiates it with respect to every param the two read, and lets
 * the optimizer update them. Each step runs in its own {@link TensorScope}; only params and
 * optimizer state survive it.
 *
 * <pre>{@code
 * Svi<Tensor> svi = new Svi<>(vae::model, vae::guide, new Adam(1e-3), new TraceElbo());
 * for (Tensor batch : batches) {
 *     double loss = svi.step(batch);
 * }
 * }</pre>
 *
 * @param <A> the type of the arguments model and guide take
 */
public final class Svi<A> {
    private final Consumer<A> model;
    private final Consumer<A> guide;
    private final Optimizer optimizer;
    private final ElboLoss loss;
    private final CompiledSteps<A> compiled;

    /** An SVI loop over the given model, guide, optimizer and ELBO estimator. */
    public Svi(Consumer<A> model, Consumer<A> guide, Optimizer optimizer, ElboLoss loss) {
        this(model, guide, optimizer, loss, -1, false);
    }

    private Svi(
            Consumer<A> model,
            Consumer<A> guide,
            Optimizer optimizer,
            ElboLoss loss,
            int checkSteps,
            boolean replay) {
        this.model = model;
        this.guide = guide;
        this.optimizer = optimizer;
        this.loss = loss;
        this.compiled = checkSteps < 0 ? null : new CompiledSteps<>(this, checkSteps, replay);
    }

    /**
     * This loop with compiled steps (Pyro's {@code JitTrace_ELBO}, NumPyro's jitted update): for
     * each signature of the arguments (their tensors' shapes and dtypes and their other, static,
     * values) the first call traces the whole step — guide and model under the handlers, the ELBO,
     * the backward pass, the optimizer update — into one program that the backend compiles (or
     * replays, without a compiler), and later calls only run that program. A step that would create
     * params or optimizer state (the first of a fresh run) runs eagerly instead, with the usual
     * validation, and the next one is traced. The results equal eager steps to float32 rounding;
     * validation checks and finiteness are checked on the device, and a step where one fails is
     * re-run eagerly from the same state so that its error names the site or param.
     *
     * <p>What is traced is frozen: Java control flow that depends on tensor values, or on any Java
     * state other than the arguments' static values, runs once at trace time; a model that reads a
     * tensor value on the host fails with an error naming the last site reached. Random draws,
     * subsample indices, step counts and learning rates are fed anew at every run, so schedulers
     * and the step count never invalidate a program, and the same seed gives the same draws as an
     * eager run. The params and optimizer state are shared with this loop (checkpoints and eager
     * steps continue the same run).
     *
     * <pre>{@code
     * Svi<Tensor> svi = new Svi<>(vae::model, vae::guide, new Adam(1e-3), new TraceElbo()).compiled();
     * }</pre>
     */
    public Svi<A> compiled() {
        return compiled(0);
    }

    /**
     * Compiled steps as {@link #compiled()}, where the first {@code checkSteps} compiled steps also
     * run eagerly from the same state and fail on a difference beyond float32 tolerance (1e-4
     * relative in the loss and every param): a self-check of the compiled program.
     */
    public Svi<A> compiled(int checkSteps) {
        return compiled(checkSteps, false);
    }

    /**
     * Compiled steps whose programs are replayed primitive by primitive even where the backend has
     * a compiler ({@code replay}), to compare the backend's compiler with plain replay.
     */
    public Svi<A> compiled(int checkSteps, boolean replay) {
        if (checkSteps < 0) {
            throw new PplException("Svi.compiled: checkSteps must be >= 0, got " + checkSteps);
        }
        return new Svi<>(model, guide, optimizer, loss, checkSteps, replay);
    }

    /** Whether steps are compiled. */
    public boolean isCompiled() {
        return compiled != null;
    }

    /** The number of steps and evaluations that ran as compiled programs (0 when eager). */
    public int compiledRuns() {
        return compiled == null ? 0 : compiled.compiledRuns();
    }

    /** The number of programs traced and compiled so far (0 when eager). */
    public int compiledPrograms() {
        return compiled == null ? 0 : compiled.programs();
    }

    Consumer<A> model() {
        return model;
    }

    Consumer<A> guide() {
        return guide;
    }

    ElboLoss loss() {
        return loss;
    }

    /** Frees the compiled programs (params and optimizer state stay). */
    public void releasePrograms() {
        if (compiled != null) {
            compiled.close();
        }
    }

    /** The optimizer (its state is saved with checkpoints). */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Takes one gradient step and returns the loss before it (not normalized, as Pyro returns it).
     *
     * @throws PplException naming the site (or param) when the loss or a gradient is not finite
     */
    public double step(A args) {
        return compiled != null ? compiled.step(args) : eagerStep(args);
    }

    double eagerStep(A args) {
        ParamStore store = ParamStore.current();
        try (TensorScope scope = new TensorScope()) {
            ElboEstimate e = loss.estimate(model, guide, args);
            double value = e.loss().item();
            if (!Double.isFinite(value)) {
                throw nonFinite(e, value);
            }
            List<String> names = new ArrayList<>(e.paramNames());
            if (names.isEmpty()) {
                return value;
            }
            List<Tensor> leaves = new ArrayList<>(names.size());
            for (String n : names) {
                leaves.add(store.unconstrained(n));
            }
            List<Tensor> grads = Autodiff.grad(e.surrogateLoss(), leaves, false);
            Map<String, Tensor> byName = new LinkedHashMap<>();
            Tensor check = null;
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), grads.get(i));
                Tensor s = grads.get(i).sum();
                check = check == null ? s : check.add(s);
            }
            if (!Double.isFinite(check.item())) {
                throw nonFiniteGradient(byName);
            }
            optimizer.step(store, byName);
            return value;
        }
    }

    /** The loss estimate without a gradient step (compiled too when steps are). */
    public double evaluateLoss(A args) {
        return compiled != null ? compiled.evaluate(args) : eagerEvaluate(args);
    }

    double eagerEvaluate(A args) {
        try (TensorScope scope = new TensorScope();
                var noGrad = Autodiff.noGrad()) {
            return loss.estimate(model, guide, args).loss().item();
        }
    }

    private static PplException nonFinite(ElboEstimate e, double value) {
        for (Trace t : e.traces()) {
            for (Site s : t.sampleSites()) {
                double lp = t.logProb(s.name()).sum().item();
                if (!Double.isFinite(lp)) {
                    return new PplException(
                            "loss is "
                                    + value
                                    + ": the log-density of site '"
                                    + s.name()
                                    + "' is "
                                    + lp
                                    + "; check its distribution's parameters and value (e.g. a"
                                    + " scale of 0 or a value outside the support)");
                }
            }
        }
        return new PplException(
                "loss is " + value + " although every site's log-density is finite");
    }

    private static PplException nonFiniteGradient(Map<String, Tensor> grads) {
        for (Map.Entry<String, Tensor> g : grads.entrySet()) {
            if (!Double.isFinite(g.getValue().sum().item())) {
                return new PplException(
                        "the gradient of param '"
                                + g.getKey()
                                + "' is not finite; lower the learning rate or check the sites"
                                + " that use it");
            }
        }
        return new PplException("a gradient is not finite");
    }
}
