package org.ppl4j.optim;

import java.util.List;
import org.ppl4j.tensor.Tensor;

/**
 * Adagrad as PyTorch 1.13's {@code torch.optim.Adagrad}: {@code sum += g g}, then {@code w -= clr g
 * / (sqrt(sum) + eps)} with {@code clr = lr / (1 + (t - 1) lrDecay)}.
 *
 * <pre>{@code
 * Optimizer ada = new Adagrad(0.01);                   // no decay, eps 1e-10
 * Optimizer decayed = new Adagrad(0.01, 1e-4, 0.0, 0.1, 1e-10);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulatorValue;
    private final double eps;

    /** Adagrad with PyTorch's defaults for all but the learning rate. */
    public Adagrad(double lr) {
        this(lr, 0.0, 0.0, 0.0, 1e-10);
    }

    /** Adagrad with every hyperparameter given. */
    public Adagrad(
            double lr,
            double lrDecay,
            double weightDecay,
            double initialAccumulatorValue,
            double eps) {
        super(lr);
        Adam.checkNonNegative("Adagrad", "lr_decay", lrDecay);
        Adam.checkNonNegative("Adagrad", "weight_decay", weightDecay);
        Adam.checkNonNegative("Adagrad", "initial_accumulator_value", initialAccumulatorValue);
        Adam.checkNonNegative("Adagrad", "eps", eps);
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.eps = eps;
    }

    @Override
    List<String> slotNames() {
        return List.of("sum");
    }

    @Override
    Tensor update(Tensor w, Tensor grad, ParamState st) {
        if (st.isNew()) {
            st.slot("sum", w.fullLike(initialAccumulatorValue));
        }
        Tensor clr = st.advance(w, () -> st.lr / (1 + (st.step - 1) * lrDecay));
        Tensor g = weightDecay != 0 ? grad.add(w.mul(weightDecay)) : grad;
        Tensor sum = st.slot("sum").add(g.mul(g));
        st.slot("sum", sum);
        Tensor std = sum.sqrt().add(eps);
        return w.sub(g.mul(clr).div(std));
    }

    /** The hyperparameters. */
    @Override
    public String toString() {
        return "Adagrad(lr="
                + lr()
                + ", lr_decay="
                + lrDecay
                + ", weight_decay="
                + weightDecay
                + ", initial_accumulator_value="
                + initialAccumulatorValue
                + ", eps="
                + eps
                + ")";
    }
}
