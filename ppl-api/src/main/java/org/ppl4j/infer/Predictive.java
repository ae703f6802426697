package org.ppl4j.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.ppl4j.core.PplException;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.handlers.Site;
import org.ppl4j.handlers.Trace;
import org.ppl4j.handlers.TraceHandler;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Draws from the posterior predictive (Pyro's {@code Predictive}): runs the guide, replays its
 * latent draws into the model, and stacks the values of the chosen sites along a new leading axis
 * of size {@code numSamples}.
 *
 * <pre>{@code
 * var pred = new Predictive<>(model, guide, 100, Set.of("obs"));
 * Tensor draws = pred.sample(x).get("obs");   // [100, ...]
 * }</pre>
 *
 * @param <A> the type of the arguments model and guide take
 */
public final class Predictive<A> {
    private final Consumer<A> model;
    private final Consumer<A> guide;
    private final int numSamples;
    private final Set<String> returnSites;

    /**
     * @param guide the guide, or null to draw from the prior
     * @param returnSites the sites to return; empty for every sample site of the model
     */
    public Predictive(
            Consumer<A> model, Consumer<A> guide, int numSamples, Set<String> returnSites) {
        if (numSamples < 1) {
            throw new PplException("Predictive: numSamples must be >= 1, got " + numSamples);
        }
        this.model = model;
        this.guide = guide;
        this.numSamples = numSamples;
        this.returnSites = Set.copyOf(returnSites);
    }

    /**
     * The stacked draws per site name, in the model's site order, owned by the caller's scope; each
     * draw's intermediate tensors are released as soon as its return-site values are taken.
     */
    public Map<String, Tensor> sample(A args) {
        Map<String, List<Tensor>> draws = new LinkedHashMap<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (var noGrad = Autodiff.noGrad();
                TensorScope collect = new TensorScope()) {
            for (int i = 0; i < numSamples; i++) {
                try (TensorScope draw = new TensorScope()) {
                    Trace modelTrace = run(args);
                    if (i == 0) {
                        checkReturnSites(modelTrace);
                    }
                    for (Site s : modelTrace.sampleSites()) {
                        if (returnSites.isEmpty() || returnSites.contains(s.name())) {
                            draws.computeIfAbsent(s.name(), k -> new ArrayList<>())
                                    .add(draw.keep(s.value().unsqueeze(0)));
                        }
                    }
                }
            }
            draws.forEach(
                    (k, v) -> out.put(k, collect.keep(Tensor.concat(0, v.toArray(new Tensor[0])))));
        }
        return out;
    }

    private Trace run(A args) {
        Trace guideTrace = guide == null ? null : Handlers.trace(() -> guide.accept(args));
        try (var replay = guideTrace == null ? null : Handlers.replay(guideTrace);
                TraceHandler t = Handlers.trace()) {
            model.accept(args);
            return t.trace();
        }
    }

    private void checkReturnSites(Trace modelTrace) {
        List<String> names = modelTrace.sampleSites().stream().map(Site::name).toList();
        for (String name : returnSites) {
            if (!names.contains(name)) {
                throw new PplException(
                        "Predictive: return site '"
                                + name
                                + "' is not a sample site of the model; its sample sites are "
                                + names);
            }
        }
    }
}
