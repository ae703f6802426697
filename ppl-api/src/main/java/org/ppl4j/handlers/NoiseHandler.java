package org.ppl4j.handlers;

import java.util.Map;
import org.ppl4j.core.PplException;
import org.ppl4j.tensor.Tensor;

/**
 * Draws the named latent sites with given standard noise instead of the random stream: the value is
 * {@code fn.rsampleWithNoise(noise)}, so it stays a differentiable function of the distribution's
 * parameters (for a Normal, {@code loc + noise * scale}). This is how fixed-noise reference
 * computations (e.g. a PyTorch fixture) are reproduced exactly.
 */
public final class NoiseHandler extends Handler {
    private final Map<String, Tensor> noise;

    NoiseHandler(Map<String, Tensor> noise) {
        this.noise = Map.copyOf(noise);
    }

    @Override
    protected void process(Message m) {
        Tensor eps = noise.get(m.name);
        if (eps == null || m.type != SiteType.SAMPLE || m.observed || m.value != null) {
            return;
        }
        if (!m.fn.hasRsample()) {
            throw new PplException(
                    "noise: site '"
                            + m.name
                            + "' has a "
                            + m.fn.getClass().getSimpleName()
                            + " distribution, which cannot be reparameterized; fix its value with"
                            + " substitute or condition instead");
        }
        m.value = m.fn.rsampleWithNoise(eps);
        m.done = true;
    }

    @Override
    protected String describe() {
        return "noise";
    }
}
