package org.ppl4j.tensor;

import org.ppl4j.spi.Backend;

/**
 * What happens to a primitive application: executed now ({@code eager}) or, in a later phase,
 * recorded into a graph ({@code tracing}). Every tensor operation, host reads included, reaches one
 * of these through {@link Dispatch}; install another with {@link Dispatch#using}.
 */
public interface Interpreter {
    /**
     * Applies {@code p} to inputs that all live on {@code backend}; {@code out} is the type that
     * {@link Primitive#infer} computed. The result has no autodiff node (Dispatch adds it).
     */
    Tensor apply(Backend backend, Primitive p, Attr attr, Tensor[] in, TensorType out);

    /** A tensor from host data ({@code float[]} or {@code double[]}, row-major). */
    Tensor fromHost(Backend backend, Object data, TensorType type);

    /**
     * The elements of {@code t}, row-major, copied to the host as {@code float[]} ({@code asType}
     * F32) or {@code double[]} (F64).
     */
    Object toHost(Tensor t, DType asType);
}
