package org.ppl4j.optim;

import java.util.List;
import org.ppl4j.core.PplException;
import org.ppl4j.tensor.Tensor;

/**
 * Stochastic gradient descent as PyTorch 1.13's {@code torch.optim.SGD}: optional weight decay
 * ({@code g += wd w}), momentum with dampening ({@code buf = momentum buf + (1 - dampening) g}, the
 * first buffer being {@code g} itself) and Nesterov's variant ({@code g += momentum buf}), then
 * {@code w -= lr g}.
 *
 * <pre>{@code
 * Optimizer plain = new Sgd(0.01);
 * Optimizer nesterov = new Sgd(0.01, 0.9, 0.0, 0.0, true);
 * }</pre>
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    /** Plain SGD. */
    public Sgd(double lr) {
        this(lr, 0.0, 0.0, 0.0, false);
    }

    /** SGD with every hyperparameter given. */
    public Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(lr);
        Adam.checkNonNegative("Sgd", "momentum", momentum);
        Adam.checkNonNegative("Sgd", "weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new PplException(
                    "Sgd: Nesterov momentum requires a momentum > 0 and zero dampening, got"
                            + " momentum "
                            + momentum
                            + " and dampening "
                            + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    List<String> slotNames() {
        return momentum != 0 ? List.of("momentum_buffer") : List.of();
    }

    @Override
    Tensor update(Tensor w, Tensor grad, ParamState st) {
        Tensor lr = st.advance(w, () -> st.lr);
        Tensor d = weightDecay != 0 ? grad.add(w.mul(weightDecay)) : grad;
        if (momentum != 0) {
            Tensor buf;
            if (st.isNew()) {
                // A copy, so the buffer never shares memory with the caller's gradient.
                buf = d.mul(1.0);
            } else {
                buf = st.slot("momentum_buffer").mul(momentum).add(d.mul(1 - dampening));
            }
            st.slot("momentum_buffer", buf);
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        return w.sub(d.mul(lr));
    }

    /** The hyperparameters. */
    @Override
    public String toString() {
        return "Sgd(lr="
                + lr()
                + ", momentum="
                + momentum
                + ", dampening="
                + dampening
                + ", weight_decay="
                + weightDecay
                + ", nesterov="
                + nesterov
                + ")";
    }
}
