package org.ppl4j.tensor;

/** Elementwise functions of two tensors of one dtype, with NumPy broadcasting. */
public enum BinaryOp implements Primitive {
    /** {@code x + y}. */
    ADD {
        @Override
        Tensor[] grads(Tensor g, Tensor x, Tensor y, Tensor z) {
            return new Tensor[] {g, g};
        }
    },
    /** {@code x - y}. */
    SUB {
        @Override
        Tensor[] grads(Tensor g, Tensor x, Tensor y, Tensor z) {
            return new Tensor[] {g, y.requiresGrad() ? g.neg() : null};
        }
    },
    /** {@code x * y}. */
    MUL {
        @Override
        Tensor[] grads(Tensor g, Tensor x, Tensor y, Tensor z) {
            return new Tensor[] {
                x.requiresGrad() ? g.mul(y) : null, y.requiresGrad() ? g.mul(x) : null
            };
        }
    },
    /** {@code x / y}. */
    DIV {
        @Override
        Tensor[] grads(Tensor g, Tensor x, Tensor y, Tensor z) {
            Tensor gx = g.div(y);
            return new Tensor[] {gx, y.requiresGrad() ? gx.mul(z).neg() : null};
        }
    },
    /** {@code x} to the power {@code y}. */
    POW {
        @Override
        Tensor[] grads(Tensor g, Tensor x, Tensor y, Tensor z) {
            Tensor zero = x.zerosLike();
            // d/dx x^y = y x^(y-1), which is 0 * inf = NaN at x == 0, y == 0; PyTorch gives 0
            // wherever y == 0.
            Tensor gx = y.eq(0.0).where(zero, g.mul(y).mul(x.pow(y.sub(1.0))));
            // d/dy x^y = x^y log x; at x == 0 PyTorch (and the limit for y > 0) gives 0.
            Tensor safeLog = x.eq(zero).where(zero, x.log());
            Tensor gy = g.mul(z).mul(safeLog);
            return new Tensor[] {gx, gy};
        }
    },
    /** Elementwise maximum; ties share the gradient equally, as in PyTorch. */
    MAXIMUM {
        @Override
        Tensor[] grads(Tensor g, Tensor x, Tensor y, Tensor z) {
            Tensor wx = x.gt(y).add(x.eq(y).mul(0.5));
            return new Tensor[] {g.mul(wx), g.mul(wx.neg().add(1.0))};
        }
    },
    /** Elementwise minimum; ties share the gradient equally, as in PyTorch. */
    MINIMUM {
        @Override
        Tensor[] grads(Tensor g, Tensor x, Tensor y, Tensor z) {
            Tensor wx = x.lt(y).add(x.eq(y).mul(0.5));
            return new Tensor[] {g.mul(wx), g.mul(wx.neg().add(1.0))};
        }
    };

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        return inferBroadcast(this, in[0], in[1]);
    }

    @Override
    public Tensor[] vjp(Tensor g, Tensor[] in, Tensor out, Attr attr) {
        // Operands that need no gradient may get null from grads (saves the work).
        Tensor[] gs = grads(g, in[0], in[1], out);
        return new Tensor[] {
            gs[0] == null ? null : gs[0].sumTo(in[0].shape()),
            gs[1] == null ? null : gs[1].sumTo(in[1].shape())
        };
    }

    abstract Tensor[] grads(Tensor g, Tensor x, Tensor y, Tensor z);

    /** The broadcast type of two inputs that must share a dtype. */
    static TensorType inferBroadcast(Primitive p, TensorType a, TensorType b) {
        String op = p.name().toLowerCase(java.util.Locale.ROOT);
        DType.requireFloating(p, a, b);
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
