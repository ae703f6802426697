package org.ppl4j.handlers;

import org.ppl4j.core.PplException;

/** Multiplies the log-density of every sample site by a factor (Pyro's {@code poutine.scale}). */
public final class ScaleHandler extends Handler {
    private final double factor;

    ScaleHandler(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new PplException("scale: factor must be positive and finite, got " + factor);
        }
        this.factor = factor;
    }

    @Override
    protected void process(Message m) {
        m.multiplyScale(factor);
    }

    @Override
    protected String describe() {
        return "scale(" + factor + ")";
    }
}
