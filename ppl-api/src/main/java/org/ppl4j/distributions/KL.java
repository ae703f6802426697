package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * Closed-form Kullback-Leibler divergences {@code KL(p || q)} (Pyro's {@code kl_divergence}), of
 * shape {@code batchShape}, in PyTorch's forms: each of Normal, Gamma, Beta, Dirichlet,
 * Exponential, Laplace, HalfNormal, Bernoulli, Categorical, OneHotCategorical, Poisson, Geometric,
 * Binomial (equal total counts) and MultivariateNormal with its own kind, Independent/Independent,
 * and Delta/anything.
 *
 * <pre>{@code
 * Tensor kl = KL.divergence(guideZ, priorZ);  // both Normal(...).toEvent(1): shape [batch]
 * }</pre>
 */
public final class KL {
    private KL() {}

    /** Whether {@link #divergence} has a closed form for this pair. */
    public static boolean isRegistered(Distribution p, Distribution q) {
        if (p instanceof Independent a && q instanceof Independent b) {
            int shared = Math.min(a.reinterpretedBatchDims(), b.reinterpretedBatchDims());
            return isRegistered(peel(a, shared), peel(b, shared));
        }
        return p instanceof Delta || sameKind(p, q) && rule(p) != null;
    }

    /**
     * {@code KL(p || q)}.
     *
     * @throws PplException naming both kinds if no closed form is registered for the pair
     */
    public static Tensor divergence(Distribution p, Distribution q) {
        if (p instanceof Independent a && q instanceof Independent b) {
            return independentIndependent(a, b);
        }
        if (p instanceof Delta d) {
            return q.logProb(d.value()).neg();
        }
        Rule r = sameKind(p, q) ? rule(p) : null;
        if (r != null) {
            return r.apply(p, q);
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

    private static boolean sameKind(Distribution p, Distribution q) {
        return p.getClass() == q.getClass();
    }

    /** The closed form for two distributions of one kind. */
    @FunctionalInterface
    private interface Rule {
        Tensor apply(Distribution p, Distribution q);
    }

    /** The closed form for {@code p}'s kind paired with itself, or null if none is registered. */
    private static Rule rule(Distribution p) {
        if (p instanceof Normal) {
            return (a, b) -> normalNormal((Normal) a, (Normal) b);
        } else if (p instanceof Gamma) {
            return (a, b) -> gammaGamma((Gamma) a, (Gamma) b);
        } else if (p instanceof Beta) {
            return (a, b) -> betaBeta((Beta) a, (Beta) b);
        } else if (p instanceof Dirichlet) {
            return (a, b) -> dirichletDirichlet((Dirichlet) a, (Dirichlet) b);
        } else if (p instanceof Exponential) {
            return (a, b) -> exponentialExponential((Exponential) a, (Exponential) b);
        } else if (p instanceof Laplace) {
            return (a, b) -> laplaceLaplace((Laplace) a, (Laplace) b);
        } else if (p instanceof HalfNormal) {
            return (a, b) -> halfNormalHalfNormal((HalfNormal) a, (HalfNormal) b);
        } else if (p instanceof Bernoulli) {
            return (a, b) -> bernoulliBernoulli((Bernoulli) a, (Bernoulli) b);
        } else if (p instanceof Categorical) {
            return (a, b) -> categoricalCategorical((Categorical) a, (Categorical) b);
        } else if (p instanceof OneHotCategorical) {
            return (a, b) ->
                    categoricalCategorical(
                            ((OneHotCategorical) a).categorical(),
                            ((OneHotCategorical) b).categorical());
        } else if (p instanceof Poisson) {
            return (a, b) -> poissonPoisson((Poisson) a, (Poisson) b);
        } else if (p instanceof Geometric) {
            return (a, b) -> geometricGeometric((Geometric) a, (Geometric) b);
        } else if (p instanceof Binomial) {
            return (a, b) -> binomialBinomial((Binomial) a, (Binomial) b);
        } else if (p instanceof MultivariateNormal) {
            return (a, b) -> mvnMvn((MultivariateNormal) a, (MultivariateNormal) b);
        }
        return null;
    }

    /** {@code where(cond, v, t)} for a constant {@code v}. */
    private static Tensor set(Tensor t, Tensor cond, double v) {
        return cond.broadcastTo(t.shape()).where(t.constant(v).broadcastTo(t.shape()), t);
    }

    /**
     * {@code lgamma(sp) - lgamma(sq) - sum(lgamma(cp) - lgamma(cq)) + sum((cp - cq) (digamma(cp) -
     * digamma(sp)))} with {@code s} the sums over the last axis.
     */
    private static Tensor dirichletDirichlet(Dirichlet p, Dirichlet q) {
        int[] last = {-1};
        Tensor cp = p.concentration();
        Tensor cq = q.concentration();
        Tensor sp = cp.sum(last, false);
        Tensor sq = cq.sum(last, false);
        Tensor t1 = sp.lgamma().sub(sq.lgamma());
        Tensor t2 = cp.lgamma().sub(cq.lgamma()).sum(last, false);
        Tensor t3 = cp.sub(cq);
        Tensor t4 = cp.digamma().sub(sp.digamma().unsqueeze(-1));
        return t1.sub(t2).add(t3.mul(t4).sum(last, false));
    }

    /** {@code -log(rq / rp) + rq / rp - 1}. */
    private static Tensor exponentialExponential(Exponential p, Exponential q) {
        Tensor ratio = q.rate().div(p.rate());
        return ratio.log().neg().add(ratio).sub(1.0);
    }

    /** {@code -log(sp / sq) + |mp - mq| / sq + (sp / sq) exp(-|mp - mq| / sp) - 1}. */
    private static Tensor laplaceLaplace(Laplace p, Laplace q) {
        Tensor ratio = p.scale().div(q.scale());
        Tensor diff = p.loc().sub(q.loc()).abs();
        Tensor t3 = ratio.mul(diff.div(p.scale()).neg().exp());
        return ratio.log().neg().add(diff.div(q.scale())).add(t3).sub(1.0);
    }

    /** The KL of the two zero-mean normals that are folded. */
    private static Tensor halfNormalHalfNormal(HalfNormal p, HalfNormal q) {
        Tensor ratio = p.scale().div(q.scale()).square();
        return ratio.sub(1.0).sub(ratio.log()).mul(0.5);
    }

    /**
     * {@code pp (softplus(-lq) - softplus(-lp)) + (1 - pp) (softplus(lq) - softplus(lp))}, with
     * PyTorch's infinities where q gives no mass and zeros where p gives none.
     */
    private static Tensor bernoulliBernoulli(Bernoulli p, Bernoulli q) {
        Tensor pp = p.probs();
        Tensor qp = q.probs();
        Tensor lp = p.logits();
        Tensor lq = q.logits();
        Tensor t1 = pp.mul(lq.neg().softplus().sub(lp.neg().softplus()));
        t1 = set(set(t1, qp.eq(0.0), Double.POSITIVE_INFINITY), pp.eq(0.0), 0.0);
        Tensor t2 = pp.neg().add(1.0).mul(lq.softplus().sub(lp.softplus()));
        t2 = set(set(t2, qp.eq(1.0), Double.POSITIVE_INFINITY), pp.eq(1.0), 0.0);
        return t1.add(t2);
    }

    /** {@code sum(pp (lp - lq))} over the classes, inf where q has no mass, 0 where p has none. */
    private static Tensor categoricalCategorical(Categorical p, Categorical q) {
        Tensor pp = p.probs();
        Tensor t = pp.mul(p.logits().sub(q.logits()));
        t = set(set(t, q.probs().eq(0.0), Double.POSITIVE_INFINITY), pp.eq(0.0), 0.0);
        return t.sum(new int[] {-1}, false);
    }

    /** {@code rp (log rp - log rq) - (rp - rq)}. */
    private static Tensor poissonPoisson(Poisson p, Poisson q) {
        Tensor rp = p.rate();
        Tensor rq = q.rate();
        return rp.mul(rp.log().sub(rq.log())).sub(rp.sub(rq));
    }

    /**
     * {@code -H(p) - log1p(-q) / p - logit(q)}, with {@code H(p) = bce(logit(p), p) / p} (logits
     * from probs clamped to {@code [eps, 1 - eps]}).
     */
    private static Tensor geometricGeometric(Geometric p, Geometric q) {
        Tensor pp = p.probs();
        Tensor lp = Bernoulli.logitsOf(pp);
        Tensor entropy = Functions.binaryCrossEntropyWithLogits(lp, pp).div(pp);
        return entropy.neg()
                .sub(q.probs().neg().log1p().div(pp))
                .sub(Bernoulli.logitsOf(q.probs()));
    }

    /**
     * {@code n (pp (lp - lq) + log1p(-pp) - log1p(-qp))} for equal total counts; PyTorch's rule,
     * which gives inf where p has more trials and is not defined where q has more.
     */
    private static Tensor binomialBinomial(Binomial p, Binomial q) {
        Tensor n = p.totalCount();
        Tensor pp = p.probs();
        Tensor kl =
                n.mul(
                        pp.mul(p.logits().sub(q.logits()))
                                .add(pp.neg().log1p())
                                .sub(q.probs().neg().log1p()));
        if (!Dispatch.isTracing() && q.totalCount().sub(n).max().item() > 0) {
            throw new PplException(
                    "KL.divergence(Binomial || Binomial): q has more trials than p somewhere;"
                            + " PyTorch defines no closed form there, give both the same"
                            + " totalCount");
        }
        return set(kl, n.gt(q.totalCount()), Double.POSITIVE_INFINITY);
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
