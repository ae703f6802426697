package org.ppl4j.spi;

/** Primitives that make a tensor from attributes alone. */
public enum CreationOp implements Primitive {
    /** A tensor of {@link Attr.Fill#shape()} filled with one value. */
    FULL;

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        Attr.Fill f = (Attr.Fill) attr;
        return new TensorType(f.shape(), f.dtype());
    }

    @Override
    public boolean differentiable() {
        return false;
    }
}
