package org.ppl4j.distributions;

import org.ppl4j.PplException;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * Closed-form Kullback-Leibler divergences {@code KL(p || q)} (Pyro's {@code kl_divergence}), of
 * shape {@code batchShape}: Normal/Normal, Gamma/Gamma, Beta/Beta,
 * MultivariateNormal/MultivariateNormal, Independent/Independent, and Delta/anything.
 *
 * <pre>{@code
 * Tensor kl = KL.divergence(guideZ, priorZ);  // both Normal(...).toEvent(1): shape [batch]
 * }</pre>
 */
public final class KL {
    private KL() {}

    /** Whether {@link #divergence} has a closed form for this pair. */
    public static boolean isRegistered(Distribution p, Distribution q) {
        if (p instanceof Normal && q instanceof Normal
                || p instanceof Gamma && q instanceof Gamma
                || p instanceof Beta && q instanceof Beta
                || p instanceof MultivariateNormal && q instanceof MultivariateNormal
                || p instanceof Delta) {
            return true;
        }
        if (p instanceof Independent a && q instanceof Independent b) {
            int shared = Math.min(a.reinterpretedBatchDims(), b.reinterpretedBatchDims());
            return isRegistered(peel(a, shared), peel(b, shared));
        }
        return false;
    }

    /**
     * {@code KL(p || q)}.
     *
     * @throws PplException naming both kinds if no closed form is registered for the pair
     */
    public static Tensor divergence(Distribution p, Distribution q) {
        if (p instanceof Normal a && q instanceof Normal b) {
            return normalNormal(a, b);
        }
        if (p instanceof Gamma a && q instanceof Gamma b) {
            return gammaGamma(a, b);
        }
        if (p instanceof Beta a && q instanceof Beta b) {
            return betaBeta(a, b);
        }
        if (p instanceof Independent a && q instanceof Independent b) {
            return independentIndependent(a, b);
        }
        if (p instanceof MultivariateNormal a && q instanceof MultivariateNormal b) {
            return mvnMvn(a, b);
        }
        if (p instanceof Delta d) {
            return q.logProb(d.value()).neg();
        }
        throw new PplException(
                "KL.divergence: no closed form is registered for "
                        + p.getClass().getSimpleName()
                        + " || "
                        + q.getClass().getSimpleName()
                        + " ("
                        + p
                        + " vs "
                        + q
                        + "); use a Monte Carlo ELBO (TraceElbo) instead of TraceMeanFieldElbo,"
                        + " or give the guide and the prior matching kinds");
    }

    /** PyTorch's {@code 0.5 * (r + t - 1 - log r)}, {@code r = (sp/sq)^2, t = ((mp-mq)/sq)^2}. */
    private static Tensor normalNormal(Normal p, Normal q) {
        Tensor varRatio = p.scale().div(q.scale()).square();
        Tensor t1 = p.loc().sub(q.loc()).div(q.scale()).square();
        return varRatio.add(t1).sub(1.0).sub(varRatio.log()).mul(0.5);
    }

    /**
     * {@code cq log(rp / rq) + lgamma(cq) - lgamma(cp) + (cp - cq) digamma(cp) + (rq - rp) cp /
     * rp}, PyTorch's form.
     */
    private static Tensor gammaGamma(Gamma p, Gamma q) {
        Tensor cp = p.concentration();
        Tensor rp = p.rate();
        Tensor cq = q.concentration();
        Tensor rq = q.rate();
        return cq.mul(rp.div(rq).log())
                .add(cq.lgamma().sub(cp.lgamma()))
                .add(cp.sub(cq).mul(cp.digamma()))
                .add(rq.sub(rp).mul(cp.div(rp)));
    }

    /**
     * {@code log B(q) - log B(p) + (a_p - a_q) digamma(a_p) + (b_p - b_q) digamma(b_p) + (s_q -
     * s_p) digamma(s_p)} with {@code s = a + b} and {@code log B = lgamma(a) + lgamma(b) -
     * lgamma(s)}, PyTorch's form.
     */
    private static Tensor betaBeta(Beta p, Beta q) {
        Tensor ap = p.concentration1();
        Tensor bp = p.concentration0();
        Tensor aq = q.concentration1();
        Tensor bq = q.concentration0();
        Tensor sp = ap.add(bp);
        Tensor sq = aq.add(bq);
        Tensor t1 = aq.lgamma().add(bq.lgamma()).add(sp.lgamma());
        Tensor t2 = ap.lgamma().add(bp.lgamma()).add(sq.lgamma());
        return t1.sub(t2)
                .add(ap.sub(aq).mul(ap.digamma()))
                .add(bp.sub(bq).mul(bp.digamma()))
                .add(sq.sub(sp).mul(sp.digamma()));
    }

    /** The KL of the bases, summed over the reinterpreted dims both share (Pyro's rule). */
    private static Tensor independentIndependent(Independent p, Independent q) {
        int shared = Math.min(p.reinterpretedBatchDims(), q.reinterpretedBatchDims());
        Distribution pb = peel(p, shared);
        Distribution qb = peel(q, shared);
        return Functions.sumRightmost(divergence(pb, qb), shared);
    }

    private static Distribution peel(Independent d, int shared) {
        int left = d.reinterpretedBatchDims() - shared;
        return left == 0 ? d.base() : Independent.of(d.base(), left);
    }

    /**
     * {@code sum log diag Lq - sum log diag Lp + (|Lq^-1 Lp|_F^2 + |Lq^-1 (mq - mp)|^2 - n) / 2},
     * PyTorch's form, over the broadcast batch shapes.
     */
    private static Tensor mvnMvn(MultivariateNormal p, MultivariateNormal q) {
        if (!p.eventShape().equals(q.eventShape())) {
            throw new PplException(
                    "KL.divergence: MultivariateNormal event shapes "
                            + p.eventShape()
                            + " and "
                            + q.eventShape()
                            + " differ; both must be over vectors of one length");
        }
        Tensor lp = p.unbroadcastScaleTril();
        Tensor lq = q.unbroadcastScaleTril();
        Tensor halfLogDets = Matrices.halfLogDet(lq).sub(Matrices.halfLogDet(lp));
        Tensor trace = lq.triangularSolve(lp, true, false).square().sum(new int[] {-2, -1}, false);
        Tensor m = Matrices.mahalanobis(lq, q.loc().sub(p.loc()));
        Tensor kl = trace.add(m).sub(p.eventShape().dim(0)).mul(0.5).add(halfLogDets);
        return kl.broadcastTo(Shape.broadcast("KL.divergence", p.batchShape(), q.batchShape()));
    }
}
