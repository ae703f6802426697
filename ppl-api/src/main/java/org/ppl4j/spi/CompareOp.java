package org.ppl4j.spi;

/**
 * Elementwise comparisons with broadcasting; the result is 1 where true and 0 where false, in the
 * operands' dtype. Comparisons with NaN are false except {@code NE}.
 */
public enum CompareOp implements Primitive {
    /** {@code x == y}. */
    EQ,
    /** {@code x != y} (true where either is NaN). */
    NE,
    /** {@code x < y}. */
    LT,
    /** {@code x <= y}. */
    LE,
    /** {@code x > y}. */
    GT,
    /** {@code x >= y}. */
    GE;

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        return BinaryOp.inferBroadcast(this, in[0], in[1]);
    }

    @Override
    public boolean differentiable() {
        return false;
    }

    /** Applies this comparison to two doubles (the reference semantics). */
    public boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }
}
