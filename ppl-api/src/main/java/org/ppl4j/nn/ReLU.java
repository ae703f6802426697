package org.ppl4j.nn;

import org.ppl4j.tensor.Tensor;

/**
 * The elementwise activation {@code max(x, 0)} (PyTorch's {@code nn.ReLU}): gradient 1 where {@code
 * x > 0} and 0 elsewhere, 0 included; NaN stays NaN.
 *
 * <pre>{@code
 * Layer hidden = new Linear(50, 400).andThen(new ReLU());
 * }</pre>
 */
public final class ReLU extends Module implements Layer {
    /** The activation; it has no parameters. */
    public ReLU() {}

    /** Applies the activation elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.le(0.0).where(x.zerosLike(), x);
    }
}
