package org.ppl4j.nn;

import org.ppl4j.tensor.Tensor;

/**
 * The elementwise activation {@code log(1 + exp(x))}, taken as {@code x} above 20 (PyTorch's {@code
 * nn.Softplus} with its defaults).
 *
 * <pre>{@code
 * Layer hidden = new Linear(50, 400).andThen(new Softplus());
 * }</pre>
 */
public final class Softplus extends Module implements Layer {
    /** The activation; it has no parameters. */
    public Softplus() {}

    /** Applies the activation elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.softplus();
    }
}
