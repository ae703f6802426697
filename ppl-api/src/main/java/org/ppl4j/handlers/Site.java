package org.ppl4j.handlers;

import java.util.List;
import java.util.Map;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.tensor.Tensor;

/**
 * An immutable record of one site as it left the handler stack: what a {@link Trace} holds.
 *
 * @param frames the enclosing plates, outermost first
 * @param infer per-site inference options
 * @param indices the indices of a subsample site, null for sample and param sites
 */
public record Site(
        SiteType type,
        String name,
        Distribution fn,
        Tensor value,
        boolean observed,
        double scale,
        Tensor mask,
        List<PlateFrame> frames,
        Map<String, Object> infer,
        int[] indices) {

    /** The indices of a subsample site (a copy), or null for sample and param sites. */
    @Override
    public int[] indices() {
        return indices == null ? null : indices.clone();
    }

    /** Whether this is a latent (not observed) sample site. */
    public boolean isLatent() {
        return type == SiteType.SAMPLE && !observed;
    }

    /**
     * The log-density of the value with scale and mask applied, shaped {@code sampleShape +
     * batchShape}.
     */
    public Tensor scaledLogProb() {
        Tensor lp = fn.logProb(value);
        if (scale != 1.0) {
            lp = lp.mul(scale);
        }
        if (mask != null) {
            lp = mask.where(lp, lp.zerosLike());
        }
        return lp;
    }
}
