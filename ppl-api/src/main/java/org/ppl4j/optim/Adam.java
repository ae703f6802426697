package org.ppl4j.optim;

import java.util.List;
import org.ppl4j.core.PplException;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;

/**
 * Adam, exactly as PyTorch 1.13's single-tensor {@code torch.optim.Adam} (no amsgrad): per param,
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g g}, then {@code w -= lr / (1 - b1^t)
 * * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}; the scalar factors are computed in double and applied in
 * the param's dtype.
 *
 * <pre>{@code
 * Optimizer adam = new Adam(1e-3);                           // betas (0.9, 0.999), eps 1e-8
 * Optimizer tuned = new Adam(1e-3, 0.95, 0.999, 1e-8, 1e-4); // with weight decay
 * }</pre>
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    /** Adam with PyTorch's defaults for everything but the learning rate. */
    public Adam(double lr) {
        this(lr, 0.9, 0.999, 1e-8, 0.0);
    }

    /** Adam with every hyperparameter given; {@code weightDecay} adds {@code wd * w} to g. */
    public Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(lr);
        checkBetas("Adam", beta1, beta2);
        checkNonNegative("Adam", "eps", eps);
        checkNonNegative("Adam", "weight_decay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    static void checkBetas(String who, double beta1, double beta2) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new PplException(
                    who
                            + ": invalid beta parameter at index 0: "
                            + beta1
                            + "; it must be in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new PplException(
                    who
                            + ": invalid beta parameter at index 1: "
                            + beta2
                            + "; it must be in [0, 1)");
        }
    }

    static void checkNonNegative(String who, String what, double v) {
        if (!(v >= 0)) {
            throw new PplException(who + ": invalid " + what + " " + v + "; it must be >= 0");
        }
    }

    /** The updated moments of one step. */
    record Moments(Tensor m, Tensor v) {}

    /**
     * Updates the moment slots of Adam and ClippedAdam (zeros on the first step): {@code m = b1 m +
     * (1 - b1) g}, {@code v = b2 v + (1 - b2) g g}. The caller advances the step count.
     */
    static Moments moments(ParamState st, Tensor g, double beta1, double beta2) {
        if (st.isNew()) {
            st.slot("exp_avg", g.zerosLike());
            st.slot("exp_avg_sq", g.zerosLike());
        }
        Tensor m =
                Dispatch.apply(
                        FusedOp.ADAM_MOMENT,
                        Attr.NONE,
                        st.slot("exp_avg"),
                        g,
                        g.constant(beta1),
                        g.constant(1 - beta1));
        Tensor v =
                Dispatch.apply(
                        FusedOp.ADAM_SECOND_MOMENT,
                        Attr.NONE,
                        st.slot("exp_avg_sq"),
                        g,
                        g.constant(beta2),
                        g.constant(1 - beta2));
        st.slot("exp_avg", m);
        st.slot("exp_avg_sq", v);
        return new Moments(m, v);
    }

    /** {@code 1 - beta^t}, a bias correction. */
    static double biasCorrection(double beta, long t) {
        return 1 - StrictMath.pow(beta, t);
    }

    /**
     * The hyperparameters Adam and ClippedAdam share, as {@code name(lr=.., betas=(.., ..), eps=..,
     * weight_decay=..}; the caller appends its own and the closing parenthesis.
     */
    static String describe(
            String name, double lr, double beta1, double beta2, double eps, double weightDecay) {
        return name
                + "(lr="
                + lr
                + ", betas=("
                + beta1
                + ", "
                + beta2
                + "), eps="
                + eps
                + ", weight_decay="
                + weightDecay;
    }

    @Override
    List<String> slotNames() {
        return List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    Tensor update(Tensor w, Tensor grad, ParamState st) {
        Tensor g = weightDecay != 0 ? grad.add(w.mul(weightDecay)) : grad;
        Tensor stepSize = st.advance(w, () -> st.lr / biasCorrection(beta1, st.step));
        Tensor sqrtBc2 =
                ParamState.scalar(w, () -> StrictMath.sqrt(biasCorrection(beta2, st.step)));
        Moments mv = moments(st, g, beta1, beta2);
        return step(w, mv, stepSize, sqrtBc2, eps);
    }

    /**
     * {@code w - m stepSize / (sqrt(v) / sqrtBc2 + eps)}, one fused kernel where the backend has it
     * (the moments too: three passes over a param instead of thirteen).
     */
    static Tensor step(Tensor w, Moments mv, Tensor stepSize, Tensor sqrtBc2, double eps) {
        return Dispatch.apply(
                FusedOp.ADAM_STEP,
                Attr.NONE,
                w,
                mv.m(),
                mv.v(),
                stepSize,
                sqrtBc2,
                w.constant(eps));
    }

    /** The hyperparameters, e.g. {@code Adam(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, ...)}. */
    @Override
    public String toString() {
        return describe("Adam", lr(), beta1, beta2, eps, weightDecay) + ")";
    }
}
