package org.ppl4j.handlers;

import org.ppl4j.core.PplException;

/**
 * Reuses the values of a recorded trace at latent sample sites of the same name (Pyro's {@code
 * poutine.replay}): how the model is scored at the guide's draws. A plate reuses the subsample
 * indices recorded under its name, so the model sees the guide's minibatch.
 */
public final class ReplayHandler extends Handler {
    private final Trace source;

    ReplayHandler(Trace source) {
        this.source = source;
    }

    @Override
    protected void process(Message m) {
        if (m.type == SiteType.SUBSAMPLE) {
            Site s = source.site(m.name);
            if (s != null && s.type() == SiteType.SUBSAMPLE) {
                if (s.indices() != null) {
                    m.indices(s.indices());
                } else {
                    m.indexTensor(s.value());
                }
            }
            return;
        }
        if (m.type != SiteType.SAMPLE || m.observed) {
            return;
        }
        Site s = source.site(m.name);
        if (s == null) {
            return;
        }
        if (s.type() != SiteType.SAMPLE || s.observed()) {
            throw new PplException(
                    "replay: site '"
                            + m.name
                            + "' is latent in the program but "
                            + (s.observed()
                                    ? "observed"
                                    : s.type() == SiteType.PARAM ? "a param" : "a plate")
                            + " in the replayed trace; replay a trace in which it was sampled"
                            + " (e.g. the guide's), or rename one of them");
        }
        m.value = s.value();
        m.infer.putAll(s.infer());
        m.done = true;
    }

    @Override
    protected String describe() {
        return "replay";
    }
}
