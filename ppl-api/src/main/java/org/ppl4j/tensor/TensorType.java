package org.ppl4j.tensor;

/** The static type of a tensor value: its shape and element type. */
public record TensorType(Shape shape, DType dtype) {
    @Override
    public String toString() {
        return dtype + shape.toString();
    }
}
