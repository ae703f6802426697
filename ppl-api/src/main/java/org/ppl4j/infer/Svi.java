package org.ppl4j.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ppl4j.PplContext;
import org.ppl4j.PplException;
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

    /** An SVI loop over the given model, guide, optimizer and ELBO estimator. */
    public Svi(Consumer<A> model, Consumer<A> guide, Optimizer optimizer, ElboLoss loss) {
        this.model = model;
        this.guide = guide;
        this.optimizer = optimizer;
        this.loss = loss;
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
        ParamStore store = PplContext.current().paramStore();
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

    /** The loss estimate without a gradient step. */
    public double evaluateLoss(A args) {
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
