package org.ppl4j.nn;

import org.ppl4j.tensor.Tensor;

/**
 * A function from one tensor to another, the piece {@link Sequential} chains: {@link Linear}, the
 * activations, or any lambda.
 *
 * <pre>{@code
 * Layer flatten = x -> x.reshape(-1, 784);
 * Layer net = flatten.andThen(new Linear(784, 400)).andThen(new Softplus());
 * }</pre>
 */
@FunctionalInterface
public interface Layer {
    /** Applies this layer to {@code x}. */
    Tensor forward(Tensor x);

    /** This layer followed by {@code next}. */
    default Layer andThen(Layer next) {
        return x -> next.forward(forward(x));
    }
}
