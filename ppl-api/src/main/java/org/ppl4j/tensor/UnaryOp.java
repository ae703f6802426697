package org.ppl4j.tensor;

/**
 * Elementwise functions of one tensor; the output has the input's shape and dtype. Special values
 * follow IEEE and NumPy: NaN in gives NaN out, including {@code SIGN(NaN) = NaN} (PyTorch returns 0
 * there), and {@code SIGN(±0) = 0}.
 */
public enum UnaryOp implements Primitive {
    /** {@code -x}. */
    NEG {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.neg();
        }
    },
    /** {@code |x|}. */
    ABS {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.mul(x.sign());
        }
    },
    /** -1, 0 or 1 by the sign of {@code x}; NaN at NaN (gradient 0). */
    SIGN {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return null;
        }
    },
    /** {@code e^x}. */
    EXP {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.mul(y);
        }
    },
    /** {@code e^x - 1}, accurate near 0. */
    EXPM1 {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.mul(y.add(1.0));
        }
    },
    /** The natural logarithm. */
    LOG {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.div(x);
        }
    },
    /** {@code log(1 + x)}, accurate near 0. */
    LOG1P {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.div(x.add(1.0));
        }
    },
    /** The square root. */
    SQRT {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.div(y.mul(2.0));
        }
    },
    /** The hyperbolic tangent. */
    TANH {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.mul(y.mul(y).neg().add(1.0));
        }
    },
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.mul(y.mul(y.neg().add(1.0)));
        }
    },
    /** The sine. */
    SIN {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.mul(x.cos());
        }
    },
    /** The cosine. */
    COS {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.mul(x.sin()).neg();
        }
    },
    /** The largest integer not above {@code x} (gradient 0). */
    FLOOR {
        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return null;
        }
    },
    /** Converts to the dtype in {@link Attr.ToType}. */
    CAST {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            return new TensorType(in[0].shape(), ((Attr.ToType) attr).dtype());
        }

        @Override
        Tensor grad(Tensor g, Tensor x, Tensor y) {
            return g.cast(x.dtype());
        }
    };

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        DType.requireFloating(this, in[0]);
        return in[0];
    }

    @Override
    public Tensor[] vjp(Tensor g, Tensor[] in, Tensor out, Attr attr) {
        return new Tensor[] {grad(g, in[0], out)};
    }

    @Override
    public boolean differentiable() {
        return this != SIGN && this != FLOOR;
    }

    /** The cotangent of the input, or null where the derivative is zero almost everywhere. */
    abstract Tensor grad(Tensor g, Tensor x, Tensor y);
}
