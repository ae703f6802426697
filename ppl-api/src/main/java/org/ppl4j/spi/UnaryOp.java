package org.ppl4j.spi;

/**
 * Elementwise functions of one tensor; the output has the input's shape and dtype. Special values
 * follow IEEE and NumPy: NaN in gives NaN out, including {@code SIGN(NaN) = NaN} (PyTorch returns 0
 * there), and {@code SIGN(±0) = 0}.
 */
public enum UnaryOp implements Primitive {
    /** {@code -x}. */
    NEG,
    /** {@code |x|}. */
    ABS,
    /** -1, 0 or 1 by the sign of {@code x}; NaN at NaN (gradient 0). */
    SIGN,
    /** {@code e^x}. */
    EXP,
    /** {@code e^x - 1}, accurate near 0. */
    EXPM1,
    /** The natural logarithm. */
    LOG,
    /** {@code log(1 + x)}, accurate near 0. */
    LOG1P,
    /** The square root. */
    SQRT,
    /** The hyperbolic tangent. */
    TANH,
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID,
    /** The sine. */
    SIN,
    /** The cosine. */
    COS,
    /** The largest integer not above {@code x} (gradient 0). */
    FLOOR,
    /** Converts to the dtype in {@link Attr.ToType}. */
    CAST {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            return new TensorType(in[0].shape(), ((Attr.ToType) attr).dtype());
        }
    };

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        TensorType.requireFloating(this, in[0]);
        return in[0];
    }

    @Override
    public boolean differentiable() {
        return this != SIGN && this != FLOOR;
    }
}
