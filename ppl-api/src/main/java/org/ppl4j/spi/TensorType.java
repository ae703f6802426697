package org.ppl4j.spi;

import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;

/** The static type of a tensor value: its shape and element type. */
public record TensorType(Shape shape, DType dtype) {
    @Override
    public String toString() {
        return dtype + shape.toString();
    }

    /**
     * Fails unless every input is floating point: arithmetic, comparisons, reductions and products
     * are defined on float32 and float64 only.
     */
    static void requireFloating(Primitive p, TensorType... in) {
        for (TensorType t : in) {
            if (!t.dtype().isFloating()) {
                throw new ShapeException(
                        p.name().toLowerCase(java.util.Locale.ROOT)
                                + ": "
                                + t
                                + " is an integer tensor; integer tensors are indices (casts,"
                                + " reshapes, indexSelect), cast it with .cast(DType.F32) to"
                                + " compute with it");
            }
        }
    }
}
