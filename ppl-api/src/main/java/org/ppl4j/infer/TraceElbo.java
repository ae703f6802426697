package org.ppl4j.infer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ppl4j.core.PplException;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.handlers.Site;
import org.ppl4j.handlers.Trace;
import org.ppl4j.handlers.TraceHandler;
import org.ppl4j.tensor.Tensor;

/**
 * The Monte Carlo ELBO of Pyro's {@code Trace_ELBO}: reparameterized latent sites contribute by the
 * pathwise gradient, the others by the score-function (REINFORCE) surrogate with the downstream
 * cost summed to each site's plates.
 *
 * <pre>{@code
 * Svi<Tensor> svi = new Svi<>(vae::model, vae::guide, new Adam(1e-3), new TraceElbo());
 * }</pre>
 */
public class TraceElbo implements ElboLoss {
    private static final System.Logger LOG = System.getLogger(TraceElbo.class.getName());

    private final int numParticles;

    /** Guide sites already reported as missing from the model: each is reported once. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** One particle, like Pyro's default. */
    public TraceElbo() {
        this(1);
    }

    /** Averages {@code numParticles} independent estimates. */
    public TraceElbo(int numParticles) {
        if (numParticles < 1) {
            throw new PplException("TraceElbo: numParticles must be >= 1, got " + numParticles);
        }
        this.numParticles = numParticles;
    }

    @Override
    public <A> ElboEstimate estimate(Consumer<A> model, Consumer<A> guide, A args) {
        Tensor loss = null;
        Tensor surrogate = null;
        Set<String> params = new LinkedHashSet<>();
        List<Trace> traces = new ArrayList<>();
        for (int p = 0; p < numParticles; p++) {
            Trace guideTrace = Handlers.trace(() -> guide.accept(args));
            Trace modelTrace;
            try (var replay = Handlers.replay(guideTrace);
                    TraceHandler t = Handlers.trace()) {
                model.accept(args);
                modelTrace = t.trace();
            }
            checkGuideSitesInModel(guideTrace, modelTrace);
            traces.add(modelTrace);
            traces.add(guideTrace);
            collectParams(guideTrace, params);
            collectParams(modelTrace, params);
            Tensor[] particle = particle(modelTrace, guideTrace);
            loss = loss == null ? particle[0] : loss.add(particle[0]);
            surrogate = surrogate == null ? particle[1] : surrogate.add(particle[1]);
        }
        if (numParticles > 1) {
            loss = loss.div(numParticles);
            surrogate = surrogate.div(numParticles);
        }
        return new ElboEstimate(loss, surrogate, params, traces);
    }

    /**
     * Reports, once per site, a latent guide site the model never samples (Pyro warns "Found vars
     * in guide but not model"): its log-density then enters the ELBO with nothing in the model to
     * match, usually a misspelt site name. Only names are compared, no tensor is read.
     */
    private void checkGuideSitesInModel(Trace guideTrace, Trace modelTrace) {
        for (Site s : guideTrace.sampleSites()) {
            if (s.isLatent() && !modelTrace.contains(s.name()) && reported.add(s.name())) {
                report(
                        "guide sample site '"
                                + s.name()
                                + "' is not sampled by the model: the ELBO pairs it with nothing;"
                                + " check the site's name in model and guide");
            }
        }
    }

    /** Reports a problem that does not stop inference; by default a warning in the log. */
    protected void report(String message) {
        LOG.log(System.Logger.Level.WARNING, message);
    }

    private static void collectParams(Trace t, Set<String> into) {
        for (Site s : t.paramSites()) {
            into.add(s.name());
        }
    }

    /** {@code [-elbo (detached), -surrogate elbo]} for one particle. */
    protected Tensor[] particle(Trace modelTrace, Trace guideTrace) {
        Tensor elbo = null;
        Tensor surrogate = null;
        for (Site s : modelTrace.sampleSites()) {
            Tensor lp = modelTrace.logProb(s.name()).sum();
            elbo = add(elbo, lp);
            surrogate = add(surrogate, lp);
        }
        LogDensityRatio logR = null;
        for (Site s : guideTrace.sampleSites()) {
            if (!s.isLatent()) {
                continue;
            }
            Tensor lq = guideTrace.logProb(s.name());
            elbo = add(elbo, lq.sum().neg());
            if (s.fn().hasRsample()) {
                surrogate = add(surrogate, lq.sum().neg());
            } else {
                if (logR == null) {
                    logR = new LogDensityRatio(modelTrace, guideTrace);
                }
                Tensor cost = logR.sumTo(s.frames());
                surrogate = add(surrogate, cost.mul(lq).sum());
            }
        }
        if (elbo == null) {
            throw new PplException("TraceElbo: the model and guide have no sample sites");
        }
        return new Tensor[] {elbo.detach().neg(), surrogate.neg()};
    }

    static Tensor add(Tensor acc, Tensor t) {
        return acc == null ? t : acc.add(t);
    }
}
