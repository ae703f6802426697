package org.ppl4j.optim;

import java.util.ArrayList;
import java.util.List;
import org.ppl4j.tensor.Tensor;

/**
 * RMSprop as PyTorch 1.13's {@code torch.optim.RMSprop}: {@code s = alpha s + (1 - alpha) g g};
 * when centered, {@code a = alpha a + (1 - alpha) g} and the denominator is {@code sqrt(s - a a) +
 * eps}, else {@code sqrt(s) + eps}; with momentum {@code buf = momentum buf + g / denom} and {@code
 * w -= lr buf}, else {@code w -= lr g / denom}.
 *
 * <pre>{@code
 * Optimizer rms = new RmsProp(0.01);                              // alpha 0.99, eps 1e-8
 * Optimizer centered = new RmsProp(0.01, 0.99, 1e-8, 0.0, 0.9, true);
 * }</pre>
 */
public final class RmsProp extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    /** RMSprop with PyTorch's defaults for all but the learning rate. */
    public RmsProp(double lr) {
        this(lr, 0.99, 1e-8, 0.0, 0.0, false);
    }

    /** RMSprop with every hyperparameter given. */
    public RmsProp(
            double lr,
            double alpha,
            double eps,
            double weightDecay,
            double momentum,
            boolean centered) {
        super(lr);
        Adam.checkNonNegative("RmsProp", "alpha", alpha);
        Adam.checkNonNegative("RmsProp", "eps", eps);
        Adam.checkNonNegative("RmsProp", "weight_decay", weightDecay);
        Adam.checkNonNegative("RmsProp", "momentum", momentum);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    @Override
    List<String> slotNames() {
        List<String> s = new ArrayList<>(List.of("square_avg"));
        if (momentum > 0) {
            s.add("momentum_buffer");
        }
        if (centered) {
            s.add("grad_avg");
        }
        return s;
    }

    @Override
    Tensor update(Tensor w, Tensor grad, ParamState st) {
        if (st.isNew()) {
            for (String slot : slotNames()) {
                st.slot(slot, w.zerosLike());
            }
        }
        Tensor lr = st.advance(w, () -> st.lr);
        Tensor g = weightDecay != 0 ? grad.add(w.mul(weightDecay)) : grad;
        Tensor squareAvg = st.slot("square_avg").mul(alpha).add(g.mul(1 - alpha).mul(g));
        st.slot("square_avg", squareAvg);
        Tensor avg;
        if (centered) {
            Tensor gradAvg = st.slot("grad_avg").mul(alpha).add(g.mul(1 - alpha));
            st.slot("grad_avg", gradAvg);
            avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
        } else {
            avg = squareAvg.sqrt();
        }
        avg = avg.add(eps);
        if (momentum > 0) {
            Tensor buf = st.slot("momentum_buffer").mul(momentum).add(g.div(avg));
            st.slot("momentum_buffer", buf);
            return w.sub(buf.mul(lr));
        }
        return w.sub(g.mul(lr).div(avg));
    }

    /** The hyperparameters. */
    @Override
    public String toString() {
        return "RmsProp(lr="
                + lr()
                + ", alpha="
                + alpha
                + ", eps="
                + eps
                + ", weight_decay="
                + weightDecay
                + ", momentum="
                + momentum
                + ", centered="
                + centered
                + ")";
    }
}
