package org.ppl4j.nn;

import org.ppl4j.tensor.Tensor;

/**
 * The elementwise activation {@code 1 / (1 + exp(-x))} (PyTorch's {@code nn.Sigmoid}).
 *
 * <pre>{@code
 * Layer hidden = new Linear(50, 400).andThen(new Sigmoid());
 * }</pre>
 */
public final class Sigmoid extends Module implements Layer {
    /** The activation; it has no parameters. */
    public Sigmoid() {}

    /** Applies the activation elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
