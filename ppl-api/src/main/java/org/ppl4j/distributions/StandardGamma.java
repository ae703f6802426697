package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * Standard Gamma(alpha, 1) draws made on the backend from a fixed number of host draws, with the
 * implicit-reparameterization gradient (Figurnov et al. 2018) flowing to alpha.
 *
 * <p>Marsaglia and Tsang's method: for {@code alpha >= 1}, with {@code d = alpha - 1/3} and {@code
 * c = 1 / sqrt(9 d)}, a proposal {@code d (1 + c z)^3} from a standard normal {@code z} is accepted
 * when {@code log u < z^2 / 2 + d - d v + d log v}, {@code v = (1 + c z)^3 > 0}; {@code alpha < 1}
 * is drawn at {@code alpha + 1} and multiplied by {@code u^(1 / alpha)}. To keep the program free
 * of value-dependent control flow (so it can be traced, and the same seed gives the same draws on
 * every backend), every entry makes {@value #ROUNDS} proposals at once (all normals, then all
 * uniforms, then one uniform per entry for the boost: {@code 2 ROUNDS + 1} host draws in all) and
 * keeps the first accepted one, in about 25 tensor ops whatever the number of rounds. A proposal is
 * rejected with probability at most 0.049 (at {@code alpha = 1}, measured by {@code
 * StandardGammaTest}), so all {@value #ROUNDS} are rejected with probability below {@code 0.049^12
 * < 2e-16}, which no test or model run can see; the last proposal is then kept (a draw from the
 * proposal law, not from Gamma). Draws are clamped below at the dtype's smallest normal number, as
 * PyTorch does.
 *
 * <p>The value is {@code x + (alpha - stop(alpha)) stop(dx/dalpha)}, exactly {@code x} forward; its
 * gradient in alpha is {@link Tensor#standardGammaGrad}, the derivative of {@code x} at a fixed
 * quantile.
 */
final class StandardGamma {
    /** Proposals per entry. */
    static final int ROUNDS = 12;

    private StandardGamma() {}

    /** One draw per entry of {@code alpha} (already of the draw's shape). */
    static Tensor rsample(Tensor alpha) {
        Tensor a = alpha.detach();
        DType dt = a.dtype();
        Rng rng = Rng.current();
        Tensor small = a.lt(1.0);
        // All rounds at once along a new leading axis: ROUNDS normals, then ROUNDS uniforms. The
        // parameters are broadcast once, since broadcasting inside each op is slow on some
        // backends. v <= 0 gives v^3 = 0, whose log -inf rejects the proposal.
        Shape rounds = Shape.of(ROUNDS).concat(a.shape());
        Tensor d = a.add(small).sub(1.0 / 3).broadcastTo(rounds);
        Tensor z = rng.normal(rounds, dt);
        Tensor logU = rng.uniform(rounds, dt).log();
        Tensor v = z.div(d.mul(9.0).sqrt()).add(1.0).maximum(0.0);
        Tensor v3 = v.mul(v).mul(v);
        Tensor bound = z.square().mul(0.5).add(d).sub(d.mul(v3)).add(d.mul(v3.log()));
        Tensor accepted = logU.lt(bound);
        Tensor proposal = d.mul(v3);
        Tensor x = firstAccepted(accepted, proposal);
        Tensor boost = rng.uniform(a.shape(), dt).log().div(a).exp();
        x = small.where(x.mul(boost), x).maximum(Constraints.tiny(dt));
        if (!alpha.requiresGrad()) {
            return x;
        }
        return x.add(alpha.sub(a).mul(a.standardGammaGrad(x)));
    }

    /**
     * Along axis 0, the proposal of the first accepted round (0 if none was): of R rounds, round r
     * scores {@code R - r} where accepted, and the best score picks it. The proposals must be
     * finite (a rejected one is multiplied by 0); {@link CountSampler} uses it too.
     */
    static Tensor firstAccepted(Tensor accepted, Tensor proposal) {
        int rounds = proposal.dim(0);
        double[] order = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            order[r] = rounds - r;
        }
        int[] dims = new int[proposal.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = rounds;
        Tensor rank = Tensor.of(order, proposal.dtype(), dims).broadcastTo(proposal.shape());
        Tensor score = accepted.mul(rank);
        Tensor best = score.max(new int[] {0}, true).broadcastTo(proposal.shape());
        return score.eq(best).mul(accepted).mul(proposal).sum(0);
    }
}
