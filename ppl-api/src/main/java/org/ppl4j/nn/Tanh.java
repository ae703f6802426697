package org.ppl4j.nn;

import org.ppl4j.tensor.Tensor;

/**
 * The elementwise activation the hyperbolic tangent (PyTorch's {@code nn.Tanh}).
 *
 * <pre>{@code
 * Layer hidden = new Linear(50, 400).andThen(new Tanh());
 * }</pre>
 */
public final class Tanh extends Module implements Layer {
    /** The activation; it has no parameters. */
    public Tanh() {}

    /** Applies the activation elementwise. */
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
