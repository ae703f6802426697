package org.ppl4j.optim;

import java.util.List;
import org.ppl4j.core.PplException;
import org.ppl4j.tensor.Tensor;

/**
 * Pyro's {@code ClippedAdam}: Adam whose gradients are first clamped elementwise into {@code
 * [-clipNorm, clipNorm]} and whose learning rate is multiplied by {@code lrd} at the start of each
 * step; the update is {@code w -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}.
 *
 * <pre>{@code
 * Optimizer opt = new ClippedAdam(1e-3, 0.9, 0.999, 1e-8, 0.0, 10.0, 0.999); // lr decays 0.1%/step
 * }</pre>
 */
public final class ClippedAdam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double clipNorm;
    private final double lrd;

    /** ClippedAdam with Pyro's defaults (clip 10, no decay) for all but the learning rate. */
    public ClippedAdam(double lr) {
        this(lr, 0.9, 0.999, 1e-8, 0.0, 10.0, 1.0);
    }

    /** ClippedAdam with every hyperparameter given. */
    public ClippedAdam(
            double lr,
            double beta1,
            double beta2,
            double eps,
            double weightDecay,
            double clipNorm,
            double lrd) {
        super(lr);
        Adam.checkBetas("ClippedAdam", beta1, beta2);
        Adam.checkNonNegative("ClippedAdam", "eps", eps);
        Adam.checkNonNegative("ClippedAdam", "weight_decay", weightDecay);
        if (!(clipNorm > 0)) {
            throw new PplException(
                    "ClippedAdam: invalid clip_norm " + clipNorm + "; it must be > 0");
        }
        Adam.checkNonNegative("ClippedAdam", "lrd", lrd);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        this.lrd = lrd;
    }

    @Override
    List<String> slotNames() {
        return List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    Tensor update(Tensor w, Tensor grad, ParamState st) {
        Tensor stepSize =
                st.advance(
                        w,
                        () -> {
                            st.lr *= lrd;
                            return st.lr
                                    * StrictMath.sqrt(Adam.biasCorrection(beta2, st.step))
                                    / Adam.biasCorrection(beta1, st.step);
                        });
        Tensor g = grad.clamp(-clipNorm, clipNorm);
        if (weightDecay != 0) {
            g = g.add(w.mul(weightDecay));
        }
        Adam.Moments mv = Adam.moments(st, g, beta1, beta2);
        // sqrt(v) / 1 is sqrt(v) exactly, so Adam's fused step computes sqrt(v) + eps here
        return Adam.step(w, mv, stepSize, w.constant(1.0), eps);
    }

    /** The hyperparameters. */
    @Override
    public String toString() {
        return Adam.describe("ClippedAdam", lr(), beta1, beta2, eps, weightDecay)
                + ", clip_norm="
                + clipNorm
                + ", lrd="
                + lrd
                + ")";
    }
}
