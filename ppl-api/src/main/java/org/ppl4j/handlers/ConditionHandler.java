package org.ppl4j.handlers;

import java.util.Map;
import org.ppl4j.tensor.Tensor;

/**
 * Observes sample sites at given values (Pyro's {@code poutine.condition}); a value under a plate's
 * name fixes that plate's subsample indices.
 */
public final class ConditionHandler extends Handler {
    private final Map<String, Tensor> data;

    ConditionHandler(Map<String, Tensor> data) {
        this.data = Map.copyOf(data);
    }

    @Override
    protected void process(Message m) {
        Tensor v = data.get(m.name);
        if (v == null) {
            return;
        }
        if (m.type == SiteType.SUBSAMPLE) {
            m.indicesFrom(v);
        } else if (m.type == SiteType.SAMPLE) {
            m.value = v;
            m.observed = true;
        }
    }

    @Override
    protected String describe() {
        return "condition";
    }
}
