package org.ppl4j.spi;

/**
 * {@code WHERE(cond, a, b)}: {@code a} where {@code cond != 0}, else {@code b}, with the three
 * operands broadcast together. All three share a dtype (conditions are 0/1 tensors).
 */
public enum SelectOp implements Primitive {
    /** {@code a} where {@code cond != 0}, else {@code b}. */
    WHERE;

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        TensorType ab = BinaryOp.inferBroadcast(this, in[1], in[2]);
        return BinaryOp.inferBroadcast(this, in[0], ab);
    }
}
