package org.ppl4j.spi;

import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;

/**
 * The matrix product {@code op(a) @ op(b)} where {@code op} transposes the last two axes when the
 * flag in {@link Attr.Transpose} is set. Leading (batch) axes must be equal.
 */
public enum MatmulOp implements Primitive {
    /** {@code op(a) @ op(b)}. */
    MATMUL;

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        Attr.Transpose t = (Attr.Transpose) attr;
        Shape a = in[0].shape();
        Shape b = in[1].shape();
        TensorType.requireFloating(this, in[0], in[1]);
        if (in[0].dtype() != in[1].dtype()) {
            throw new ShapeException(
                    "matmul: dtype mismatch "
                            + in[0]
                            + " vs "
                            + in[1]
                            + "; cast one operand with .cast(DType."
                            + in[1].dtype().name()
                            + ") or .cast(DType."
                            + in[0].dtype().name()
                            + ")");
        }
        if (a.rank() < 2
                || a.rank() != b.rank()
                || !a.sub(0, a.rank() - 2).equals(b.sub(0, b.rank() - 2))) {
            throw new ShapeException(
                    "matmul: shapes "
                            + a
                            + " and "
                            + b
                            + " must both have rank >= 2 and equal leading (batch) dimensions;"
                            + " reshape the operands first");
        }
        int m = t.a() ? a.dim(-1) : a.dim(-2);
        int ka = t.a() ? a.dim(-2) : a.dim(-1);
        int kb = t.b() ? b.dim(-1) : b.dim(-2);
        int n = t.b() ? b.dim(-2) : b.dim(-1);
        if (ka != kb) {
            throw new ShapeException(
                    "matmul: shapes "
                            + a
                            + (t.a() ? "^T" : "")
                            + " and "
                            + b
                            + (t.b() ? "^T" : "")
                            + " do not fit: inner sizes "
                            + ka
                            + " and "
                            + kb
                            + " differ");
        }
        return new TensorType(a.sub(0, a.rank() - 2).concat(Shape.of(m, n)), in[0].dtype());
    }
}
