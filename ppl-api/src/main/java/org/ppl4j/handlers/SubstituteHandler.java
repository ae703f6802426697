package org.ppl4j.handlers;

import java.util.Map;
import org.ppl4j.tensor.Tensor;

/**
 * Fixes the values of param and latent sample sites (Pyro's {@code poutine.substitute}); the sites
 * stay unobserved. A value under a plate's name fixes that plate's subsample indices.
 */
public final class SubstituteHandler extends Handler {
    private final Map<String, Tensor> data;

    SubstituteHandler(Map<String, Tensor> data) {
        this.data = Map.copyOf(data);
    }

    @Override
    protected void process(Message m) {
        Tensor v = data.get(m.name);
        if (v != null && m.type == SiteType.SUBSAMPLE) {
            m.indicesFrom(v);
        } else if (v != null && !m.observed) {
            m.value = v;
            m.done = true;
        }
    }

    @Override
    protected String describe() {
        return "substitute";
    }
}
