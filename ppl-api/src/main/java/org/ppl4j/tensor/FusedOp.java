package org.ppl4j.tensor;

/**
 * Derived operations that a backend may run as one fused kernel.
 *
 * <p>Each is defined once here by {@link #compose} from primitives; that composition is what runs
 * when a backend has no fused kernel for it (see {@code Backend.supports}), and the conformance kit
 * checks every fused kernel against it. The VJP is written in primitives too.
 */
public enum FusedOp implements Primitive {
    /**
     * {@code log(1 + exp(x))}, and {@code x} itself above 20 as PyTorch's threshold does. Above the
     * threshold the exponent gets 0 instead (a where, not a minimum, which would halve the gradient
     * at the tie x == 20), so the unused branch stays finite and its gradient is zero.
     */
    SOFTPLUS {
        @Override
        public Tensor compose(Tensor[] in) {
            Tensor x = in[0];
            Tensor above = x.gt(20.0);
            return above.where(x, above.where(x.zerosLike(), x).exp().log1p());
        }

        @Override
        public Tensor[] vjp(Tensor g, Tensor[] in, Tensor out, Attr attr) {
            // PyTorch's softplus backward: the gradient is exactly g above the threshold.
            Tensor x = in[0];
            return new Tensor[] {x.gt(20.0).where(g, g.mul(x.sigmoid()))};
        }
    },
    /**
     * PyTorch's binary cross-entropy with logits {@code l} and targets {@code t} (broadcast),
     * elementwise: {@code (1 - t) l + m + log(exp(-m) + exp(-l - m))} with {@code m = max(-l, 0)},
     * which equals {@code -[t log σ(l) + (1 - t) log(1 - σ(l))]} without overflow.
     */
    BCE_WITH_LOGITS {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            return BinaryOp.inferBroadcast(this, in[0], in[1]);
        }

        @Override
        public Tensor compose(Tensor[] in) {
            Tensor l = in[0];
            Tensor t = in[1];
            Tensor m = l.neg().maximum(0.0);
            Tensor lse = m.neg().exp().add(l.neg().sub(m).exp()).log();
            return t.neg().add(1.0).mul(l).add(m).add(lse);
        }

        @Override
        public Tensor[] vjp(Tensor g, Tensor[] in, Tensor out, Attr attr) {
            Tensor l = in[0];
            Tensor t = in[1];
            Tensor gl = l.requiresGrad() ? g.mul(l.sigmoid().sub(t)).sumTo(l.shape()) : null;
            Tensor gt = t.requiresGrad() ? g.mul(l).neg().sumTo(t.shape()) : null;
            return new Tensor[] {gl, gt};
        }
    };

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        DType.requireFloating(this, in[0]);
        return in[0];
    }

    /** The same result built from primitives (the definition every fused kernel must match). */
    public abstract Tensor compose(Tensor[] in);
}
