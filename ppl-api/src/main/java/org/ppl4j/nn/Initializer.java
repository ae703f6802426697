package org.ppl4j.nn;

import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * Makes a parameter's initial value from the random stream (PyTorch's {@code torch.nn.init}).
 *
 * <pre>{@code
 * Initializer init = Initializer.uniform(-0.1, 0.1);
 * Tensor w = init.create(Shape.of(3, 2), DType.F32, Rng.current());
 * }</pre>
 */
@FunctionalInterface
public interface Initializer {
    /** A new tensor of the given shape and dtype in the innermost open scope. */
    Tensor create(Shape shape, DType dtype, Rng rng);

    /**
     * Independent draws from {@code U(lo, hi)}: {@code lo + (hi - lo) * u} computed in double for
     * each uniform {@code u} in {@code [0, 1)}, row-major, then rounded to the dtype.
     */
    static Initializer uniform(double lo, double hi) {
        return (shape, dtype, rng) -> {
            double[] u = rng.uniforms(shape.size());
            for (int i = 0; i < u.length; i++) {
                u[i] = lo + (hi - lo) * u[i];
            }
            return Tensor.of(u, dtype, shape.toArray());
        };
    }

    /** Every entry {@code value}; draws nothing. */
    static Initializer constant(double value) {
        return (shape, dtype, rng) -> Tensor.full(shape, value, dtype);
    }
}
