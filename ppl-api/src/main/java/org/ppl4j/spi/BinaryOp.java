package org.ppl4j.spi;

import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;

/** Elementwise functions of two tensors of one dtype, with NumPy broadcasting. */
public enum BinaryOp implements Primitive {
    /** {@code x + y}. */
    ADD,
    /** {@code x - y}. */
    SUB,
    /** {@code x * y}. */
    MUL,
    /** {@code x / y}. */
    DIV,
    /** {@code x} to the power {@code y}. */
    POW,
    /** Elementwise maximum; ties share the gradient equally, as in PyTorch. */
    MAXIMUM,
    /** Elementwise minimum; ties share the gradient equally, as in PyTorch. */
    MINIMUM;

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        return inferBroadcast(this, in[0], in[1]);
    }

    /** The broadcast type of two inputs that must share a dtype. */
    static TensorType inferBroadcast(Primitive p, TensorType a, TensorType b) {
        String op = p.name().toLowerCase(java.util.Locale.ROOT);
        TensorType.requireFloating(p, a, b);
        if (a.dtype() != b.dtype()) {
            throw new ShapeException(
                    op
                            + ": dtype mismatch "
                            + a
                            + " vs "
                            + b
                            + "; cast one operand with .cast(DType."
                            + a.dtype().name()
                            + ") or .cast(DType."
                            + b.dtype().name()
                            + ")");
        }
        return new TensorType(Shape.broadcast(op, a.shape(), b.shape()), a.dtype());
    }
}
