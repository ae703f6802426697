package org.ppl4j.handlers;

import org.ppl4j.tensor.Tensor;

/**
 * Drops log-density entries where a 0/1 mask is 0 (Pyro's {@code poutine.mask}); the mask
 * broadcasts against each site's {@code batchShape}.
 */
public final class MaskHandler extends Handler {
    private final Tensor mask;

    MaskHandler(Tensor mask) {
        this.mask = mask;
    }

    @Override
    protected void process(Message m) {
        if (m.type == SiteType.SAMPLE) {
            m.andMask(mask);
        }
    }

    @Override
    protected String describe() {
        return "mask";
    }
}
