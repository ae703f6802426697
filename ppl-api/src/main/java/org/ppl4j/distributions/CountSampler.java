package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * Poisson and binomial draws made on the backend from a fixed number of host uniforms per entry, so
 * that a draw can be traced and the same seed gives the same draws on every backend (the approach
 * of {@link StandardGamma}).
 *
 * <p>Entries with a small mean (below {@value #SMALL}) are drawn by inversion: one uniform, and the
 * count is the number of cumulative probabilities of {@code 0..}{@value #TERMS} at or below it
 * (summed left to right); a count above {@value #TERMS} has probability below {@code 1e-18} there.
 * The others by Hörmann's transformed rejection with squeeze (PTRS for Poisson, BTRS for the
 * binomial, the methods NumPy and PyTorch use), {@value #ROUNDS} proposals of two uniforms each at
 * once, keeping the first accepted; a proposal is accepted with probability above 0.9 for means of
 * {@value #SMALL} and more, so all are rejected with probability below {@code 1e-16}. Host draws
 * per entry: one uniform for inversion, then {@value #ROUNDS} for {@code U}, then {@value #ROUNDS}
 * for {@code V}, whatever the parameters.
 */
final class CountSampler {
    static final double SMALL = 10.0;
    static final int TERMS = 50;
    static final int ROUNDS = 16;

    private CountSampler() {}

    /** One Poisson draw per entry of {@code rate} (already of the draw's shape, detached). */
    static Tensor poisson(Tensor rate) {
        DType dt = rate.dtype();
        Rng rng = Rng.current();
        Tensor k = Categorical.classes(TERMS + 1, rate);
        Tensor r = rate.unsqueeze(-1);
        Tensor logPmf = Functions.xlogy(k, r).sub(r).sub(k.add(1.0).lgamma());
        Tensor small = inversion(logPmf, rng.uniform(rate.shape(), dt));

        Shape rounds = Shape.of(ROUNDS).concat(rate.shape());
        Tensor mu = rate.maximum(SMALL).broadcastTo(rounds);
        Tensor u = rng.uniform(rounds, dt).sub(0.5);
        Tensor v = rng.uniform(rounds, dt);
        Tensor us = u.abs().neg().add(0.5);
        Tensor slam = mu.sqrt();
        Tensor b = slam.mul(2.53).add(0.931);
        Tensor a = b.mul(0.02483).add(-0.059);
        Tensor invAlpha = b.sub(3.4).pow(-1.0).mul(1.1328).add(1.1239);
        Tensor vr = b.sub(2.0).pow(-1.0).mul(-3.6224).add(0.9277);
        Tensor kk = a.mul(2.0).div(us).add(b).mul(u).add(mu).add(0.43).floor();
        Tensor fast = us.ge(0.07).mul(v.le(vr));
        Tensor reject = kk.lt(0.0).add(us.lt(0.013).mul(v.gt(us))).gt(0.0);
        Tensor safeK = reject.where(kk.zerosLike(), kk);
        Tensor lhs = v.log().add(invAlpha.log()).sub(a.div(us.square()).add(b).log());
        Tensor rhs = mu.neg().add(Functions.xlogy(safeK, mu)).sub(safeK.add(1.0).lgamma());
        Tensor accepted = fast.add(reject.eq(0.0).mul(lhs.le(rhs))).gt(0.0);
        Tensor large = StandardGamma.firstAccepted(accepted, accepted.where(safeK, kk.zerosLike()));
        return rate.lt(SMALL).where(small, large);
    }

    /**
     * One binomial draw per entry of {@code n} trials with success probability {@code p} (both
     * already of the draw's shape, detached): drawn for {@code q = min(p, 1 - p)} and mirrored.
     */
    static Tensor binomial(Tensor n, Tensor p) {
        DType dt = p.dtype();
        Rng rng = Rng.current();
        Tensor flip = p.gt(0.5);
        Tensor q = flip.where(p.neg().add(1.0), p);
        Tensor k = Categorical.classes(TERMS + 1, p);
        Tensor nn = n.unsqueeze(-1);
        Tensor qq = q.unsqueeze(-1);
        Tensor inRange = k.le(nn);
        Tensor kIn = inRange.where(k, k.zerosLike());
        Tensor logPmf =
                nn.add(1.0)
                        .lgamma()
                        .sub(kIn.add(1.0).lgamma())
                        .sub(nn.sub(kIn).add(1.0).lgamma())
                        .add(Functions.xlogy(kIn, qq))
                        .add(Functions.xlogy(nn.sub(kIn), qq.neg().add(1.0)));
        logPmf = inRange.where(logPmf, logPmf.constant(Double.NEGATIVE_INFINITY));
        Tensor small = inversion(logPmf, rng.uniform(p.shape(), dt)).minimum(n);

        Shape rounds = Shape.of(ROUNDS).concat(p.shape());
        Tensor mean = n.mul(q);
        Tensor big = mean.ge(SMALL);
        // The rejection branch only counts where n q >= SMALL; elsewhere it runs at a stand-in.
        Tensor nr = big.where(n, n.constant(2 * SMALL)).broadcastTo(rounds);
        Tensor qr = big.where(q, q.constant(0.5)).broadcastTo(rounds);
        Tensor u = rng.uniform(rounds, dt).sub(0.5);
        Tensor v = rng.uniform(rounds, dt);
        Tensor us = u.abs().neg().add(0.5);
        Tensor spq = nr.mul(qr).mul(qr.neg().add(1.0)).sqrt();
        Tensor b = spq.mul(2.53).add(1.15);
        Tensor a = b.mul(0.0248).add(qr.mul(0.01)).add(-0.0873);
        Tensor c = nr.mul(qr).add(0.5);
        Tensor vr = b.pow(-1.0).mul(-4.2).add(0.92);
        Tensor alpha = b.pow(-1.0).mul(5.1).add(2.83).mul(spq);
        Tensor lpq = qr.div(qr.neg().add(1.0)).log();
        Tensor m = nr.add(1.0).mul(qr).floor();
        Tensor h = m.add(1.0).lgamma().add(nr.sub(m).add(1.0).lgamma());
        Tensor kk = a.mul(2.0).div(us).add(b).mul(u).add(c).floor();
        Tensor reject = kk.lt(0.0).add(kk.gt(nr)).gt(0.0);
        Tensor safeK = reject.where(kk.zerosLike(), kk);
        Tensor fast = us.ge(0.07).mul(v.le(vr));
        Tensor lhs = v.mul(alpha).div(a.div(us.square()).add(b)).log();
        Tensor rhs =
                h.sub(safeK.add(1.0).lgamma())
                        .sub(nr.sub(safeK).add(1.0).lgamma())
                        .add(safeK.sub(m).mul(lpq));
        Tensor accepted = reject.eq(0.0).mul(fast.add(lhs.le(rhs)).gt(0.0));
        Tensor large = StandardGamma.firstAccepted(accepted, accepted.where(safeK, kk.zerosLike()));
        Tensor draw = big.where(large, small);
        return flip.where(n.sub(draw), draw);
    }

    /** The number of cumulative probabilities (left to right over the last axis) at or below u. */
    private static Tensor inversion(Tensor logPmf, Tensor u) {
        Tensor cdf = Functions.cumsum(logPmf.exp(), -1);
        return cdf.le(u.unsqueeze(-1)).sum(-1).minimum(TERMS);
    }
}
