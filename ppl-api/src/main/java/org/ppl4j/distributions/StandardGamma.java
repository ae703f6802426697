package org.ppl4j.distributions;

import org.ppl4j.PplContext;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.DType;
import org.ppl4j.tensor.Shape;
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
 * every backend), every entry makes {@value #ROUNDS} proposals, {@code 2 ROUNDS + 1} host draws in
 * all, and keeps the first accepted one. A proposal is rejected with probability at most 0.049 (at
 * {@code alpha = 1}, measured by {@code StandardGammaTest}), so all {@value #ROUNDS} are rejected
 * with probability below {@code 0.049^12 < 2e-16}, which no test or model run can see; the last
 * proposal is then kept (a draw from the proposal law, not from Gamma). Draws are clamped below at
 * the dtype's smallest normal number, as PyTorch does.
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
        Shape shape = a.shape();
        DType dt = a.dtype();
        Rng rng = PplContext.current().rng();
        Tensor small = a.lt(1.0);
        Tensor d = small.where(a.add(1.0), a).sub(1.0 / 3);
        Tensor c = d.constant(1.0).div(d.mul(9.0).sqrt());
        Tensor[] proposal = new Tensor[ROUNDS];
        Tensor[] accepted = new Tensor[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            Tensor z = rng.normal(shape, dt);
            Tensor logU = rng.uniform(shape, dt).log();
            Tensor v = z.mul(c).add(1.0);
            Tensor positive = v.gt(0.0);
            Tensor v3 = positive.where(v.mul(v).mul(v), v.onesLike());
            Tensor bound = z.square().mul(0.5).add(d).sub(d.mul(v3)).add(d.mul(v3.log()));
            accepted[r] = positive.mul(logU.lt(bound));
            proposal[r] = d.mul(v3);
        }
        Tensor x = proposal[ROUNDS - 1];
        for (int r = ROUNDS - 2; r >= 0; r--) {
            x = accepted[r].where(proposal[r], x);
        }
        Tensor boost = rng.uniform(shape, dt).log().div(a).exp();
        x = small.where(x.mul(boost), x).maximum(Constraints.tiny(dt));
        if (!alpha.requiresGrad()) {
            return x;
        }
        return x.add(alpha.sub(a).mul(a.standardGammaGrad(x)));
    }
}
