package org.ppl4j.tensor;

/**
 * Host data that is computed anew for every run of a step: random draws from the context's stream,
 * per-step learning rates and bias corrections. Eagerly it is called once, at once; in a compiled
 * step it is called at every run, in the order the feeds were made when the step was traced, so the
 * stream is read exactly as an eager run reads it.
 *
 * <pre>{@code
 * Tensor eps = Tensor.feed(new TensorType(Shape.of(256, 50), DType.F32), () -> rng.normals(256 * 50));
 * }</pre>
 */
@FunctionalInterface
public interface HostFeed {
    /** The values, row-major: a {@code float[]} or a {@code double[]} of the tensor's size. */
    Object values();
}
