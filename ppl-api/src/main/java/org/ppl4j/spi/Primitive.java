package org.ppl4j.spi;

import org.ppl4j.core.ShapeException;

/**
 * One kernel of the closed set that every backend implements; everything else is built from these.
 *
 * <p>Each primitive knows its output type ({@link #infer}) and whether it is {@link
 * #differentiable}; its vector-Jacobian product belongs to the tensor layer, written in primitives
 * so that a backward pass is itself dispatched, traceable and differentiable. The families are
 * enums so that a backend can switch over them.
 */
public sealed interface Primitive
        permits UnaryOp,
                BinaryOp,
                CompareOp,
                ReduceOp,
                LayoutOp,
                MatmulOp,
                SelectOp,
                CreationOp,
                FusedOp,
                SpecialOp,
                LinalgOp {

    /** The primitive's name, e.g. {@code ADD}. */
    String name();

    /**
     * The output type for inputs of the given types.
     *
     * @throws ShapeException naming this primitive and the input shapes when they do not fit
     */
    TensorType infer(TensorType[] in, Attr attr);

    /** Whether any input can receive a gradient through this primitive. */
    default boolean differentiable() {
        return true;
    }
}
