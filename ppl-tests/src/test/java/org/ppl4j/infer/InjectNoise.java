package org.ppl4j.infer;

import java.util.Map;
import org.ppl4j.handlers.Handler;
import org.ppl4j.handlers.Message;
import org.ppl4j.handlers.SiteType;
import org.ppl4j.tensor.Tensor;

/**
 * A test handler that draws the named reparameterized latent sites from fixed standard noise
 * ({@code Distribution.rsampleWithNoise}), so an ELBO estimate is an exact, known number.
 */
final class InjectNoise extends Handler {
    private final Map<String, Tensor> noise;

    InjectNoise(Map<String, Tensor> noise) {
        this.noise = Map.copyOf(noise);
    }

    @Override
    protected void process(Message m) {
        Tensor eps = noise.get(m.name());
        if (m.type() == SiteType.SAMPLE && !m.observed() && !m.done() && eps != null) {
            m.value(m.fn().rsampleWithNoise(eps));
            m.done(true);
        }
    }
}
