package org.ppl4j.infer.autoguide;

import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.sample;

import java.util.List;
import java.util.function.Consumer;
import org.ppl4j.distributions.Delta;
import org.ppl4j.handlers.Handler;
import org.ppl4j.handlers.Site;
import org.ppl4j.tensor.Tensor;

/**
 * A point-mass guide for MAP estimation: one param per latent site, constrained to the site's
 * support and initialized to the median of prior draws (Pyro's {@code AutoDelta}).
 *
 * <pre>{@code
 * var guide = new AutoDelta<Tensor>(model);
 * }</pre>
 *
 * @param <A> the type of the arguments model and guide take
 */
public final class AutoDelta<A> extends AutoGuide<A> {
    private static final int MEDIAN_DRAWS = 15;

    /** A guide for {@code model}. */
    public AutoDelta(Consumer<A> model) {
        super(model);
    }

    @Override
    protected void run() {
        for (Site s : latents()) {
            List<Handler> plates = enterPlates(s);
            try {
                int eventDim = s.fn().eventShape().rank();
                Tensor value =
                        param(
                                prefix() + "." + s.name(),
                                () -> priorMedian(s, MEDIAN_DRAWS),
                                s.fn().support());
                sample(s.name(), Delta.of(value, value.constant(0.0), eventDim));
            } finally {
                closeAll(plates);
            }
        }
    }
}
