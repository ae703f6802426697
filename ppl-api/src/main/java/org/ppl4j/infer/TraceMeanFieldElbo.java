package org.ppl4j.infer;

import org.ppl4j.core.PplException;
import org.ppl4j.distributions.KL;
import org.ppl4j.handlers.Site;
import org.ppl4j.handlers.Trace;
import org.ppl4j.tensor.Tensor;

/**
 * The ELBO of Pyro's {@code TraceMeanField_ELBO}: for a mean-field guide, each latent site whose
 * guide and model distributions have a registered KL divergence contributes {@code -KL(q || p)}
 * analytically; the others are estimated by Monte Carlo. Every latent site of the guide must be
 * reparameterizable, and every latent site of the model must be in the guide (as in Pyro).
 */
public final class TraceMeanFieldElbo extends TraceElbo {
    /** One particle. */
    public TraceMeanFieldElbo() {
        super(1);
    }

    /** Averages {@code numParticles} estimates. */
    public TraceMeanFieldElbo(int numParticles) {
        super(numParticles);
    }

    @Override
    protected Tensor[] particle(Trace modelTrace, Trace guideTrace) {
        Tensor elbo = null;
        for (Site s : modelTrace.sampleSites()) {
            if (s.observed()) {
                elbo = add(elbo, modelTrace.logProb(s.name()).sum());
            } else if (guideTrace.site(s.name()) == null || !guideTrace.site(s.name()).isLatent()) {
                throw new PplException(
                        "TraceMeanFieldElbo: latent site '"
                                + s.name()
                                + "' of the model is not sampled by the guide; sample it in the"
                                + " guide (the mean-field ELBO needs a guide site for every latent),"
                                + " or observe it in the model");
            }
        }
        for (Site q : guideTrace.sampleSites()) {
            if (!q.isLatent()) {
                continue;
            }
            if (!q.fn().hasRsample()) {
                throw new PplException(
                        "TraceMeanFieldElbo: guide site '"
                                + q.name()
                                + "' is not reparameterizable; use TraceElbo for it");
            }
            Site p = modelTrace.site(q.name());
            if (p != null && KL.isRegistered(q.fn(), p.fn())) {
                Tensor kl = KL.divergence(q.fn(), p.fn());
                if (q.scale() != 1.0) {
                    kl = kl.mul(q.scale());
                }
                if (q.mask() != null) {
                    kl = q.mask().where(kl, kl.zerosLike());
                }
                elbo = add(elbo, kl.sum().neg());
            } else {
                if (p != null) {
                    elbo = add(elbo, modelTrace.logProb(p.name()).sum());
                }
                elbo = add(elbo, guideTrace.logProb(q.name()).sum().neg());
            }
        }
        if (elbo == null) {
            throw new PplException("TraceMeanFieldElbo: the model and guide have no sample sites");
        }
        return new Tensor[] {elbo.detach().neg(), elbo.neg()};
    }
}
