package org.ppl4j.infer.autoguide;

import static org.ppl4j.Ppl.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.handlers.Handler;
import org.ppl4j.handlers.Site;
import org.ppl4j.internal.math.SpecialMath;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;

/**
 * The guides that place one distribution over all latents flattened into a single unconstrained
 * vector (Pyro's {@code AutoContinuous}): a subclass gives that distribution ({@link #posterior}),
 * this class samples it as one site, splits the draw into the model's sites, maps each through its
 * support's bijection and reports the Jacobian, and gives the guide's medians and quantiles.
 *
 * <pre>{@code
 * var guide = new AutoMultivariateNormal<Tensor>(model);
 * // ... SVI steps ...
 * Map<String, Tensor> median = guide.median();          // site name -> value
 * Map<String, Tensor> band = guide.quantiles(0.05, 0.95); // site name -> [2, ...value shape]
 * }</pre>
 *
 * @param <A> the type of the arguments model and guide take
 */
public abstract class AutoContinuous<A> extends AutoGuide<A> {
    private static final int MEDIAN_DRAWS = 15;

    protected AutoContinuous(Consumer<A> model) {
        super(model);
    }

    /**
     * The distribution of the flattened unconstrained latent, event shape {@code [latentDim()]},
     * built from this guide's params (created on first use); its marginals must be normal for
     * {@link #quantiles}.
     */
    protected abstract Distribution posterior();

    /** The number of entries of the flattened unconstrained latent. */
    protected final int latentDim() {
        int total = 0;
        for (Site s : latents()) {
            total += Shape.of(valueShape(s)).size();
        }
        return total;
    }

    /** The dtype of the latents (that of the first one). */
    protected final DType dtype() {
        return latents().get(0).value().dtype();
    }

    @Override
    protected final void run() {
        Tensor latent = sample("_" + prefix() + "_latent", posterior());
        int offset = 0;
        for (Site s : latents()) {
            int[] shape = valueShape(s);
            int n = Shape.of(shape).size();
            Tensor u = latent.narrow(-1, offset, n).reshape(shape);
            offset += n;
            List<Handler> plates = enterPlates(s);
            try {
                sampleConstrained(s, u);
            } finally {
                closeAll(plates);
            }
        }
    }

    /**
     * The medians of prior draws of every latent, unconstrained and flattened (Pyro's {@code
     * init_to_median}): the initial {@code loc}.
     */
    protected final Tensor initialLoc() {
        Tensor[] parts = new Tensor[latents().size()];
        for (int i = 0; i < parts.length; i++) {
            Site s = latents().get(i);
            parts[i] = s.fn().support().toUnconstrained(priorMedian(s, MEDIAN_DRAWS)).reshape(-1);
        }
        return Tensor.concat(0, parts);
    }

    /**
     * Each latent's median under the guide, by site name: the posterior mean of its unconstrained
     * entries mapped through the site's support (Pyro's {@code AutoContinuous.median}).
     *
     * @throws PplException if the guide has not run yet, so that its params do not exist
     */
    public Map<String, Tensor> median() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : quantiles(0.5).entrySet()) {
            Tensor q = e.getValue();
            out.put(e.getKey(), q.reshape(q.shape().sub(1, q.rank()).toArray()));
        }
        return out;
    }

    /**
     * Each latent's quantiles under the guide, by site name, of shape {@code [qs.length] + value
     * shape}: {@code loc + sd * Phi^-1(q)} of each unconstrained entry's normal marginal, mapped
     * through the site's support (monotone, so quantiles map to quantiles), as Pyro's {@code
     * AutoContinuous.quantiles}.
     *
     * @throws PplException if the guide has not run yet, or a q is outside (0, 1)
     */
    public Map<String, Tensor> quantiles(double... qs) {
        if (latents() == null) {
            throw new PplException(
                    prefix()
                            + ": the guide has not run yet, so it has no params; call it once"
                            + " (e.g. take one SVI step) before asking for medians or quantiles");
        }
        for (double q : qs) {
            if (!(q > 0 && q < 1)) {
                throw new PplException(prefix() + ".quantiles: " + q + " is not in (0, 1)");
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            Distribution q = posterior();
            Tensor loc = q.mean();
            Tensor sd = q.stddev();
            Tensor[] flat = new Tensor[qs.length];
            for (int k = 0; k < qs.length; k++) {
                flat[k] = loc.add(sd.mul(SpecialMath.ndtri(qs[k]))).unsqueeze(0);
            }
            Tensor all = Tensor.concat(0, flat);
            int offset = 0;
            for (Site s : latents()) {
                int[] shape = valueShape(s);
                int n = Shape.of(shape).size();
                int[] with = new int[shape.length + 1];
                with[0] = qs.length;
                System.arraycopy(shape, 0, with, 1, shape.length);
                Tensor u = all.narrow(1, offset, n).reshape(with);
                offset += n;
                out.put(s.name(), s.fn().support().toConstrained(u));
            }
        }
        return out;
    }
}
