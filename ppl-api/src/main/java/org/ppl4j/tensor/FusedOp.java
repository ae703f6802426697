package org.ppl4j.tensor;

/**
 * Derived operations that a backend may run as one fused kernel.
 *
 * <p>Each is defined once here by {@link #compose} from primitives; that composition is what runs
 * when a backend has no fused kernel for it (see {@code Backend.supports}), and the conformance kit
 * checks every fused kernel against it. Its VJP, written in primitives too, is the tensor layer's.
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
    },
    /**
     * Adam's first moment {@code s b + x c} of the old moment {@code s}, the gradient {@code x} and
     * the factors {@code b} and {@code c = 1 - b} (scalars, so that no hyperparameter becomes part
     * of the kernel): each product and the sum rounded to the dtype, as the composition does.
     */
    ADAM_MOMENT {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            return inferAll(this, in, 4);
        }

        @Override
        public Tensor compose(Tensor[] in) {
            return in[0].mul(in[2]).add(in[1].mul(in[3]));
        }
    },
    /**
     * Adam's second moment {@code s b + (x c) x}, as {@link #ADAM_MOMENT} with the squared
     * gradient.
     */
    ADAM_SECOND_MOMENT {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            return inferAll(this, in, 4);
        }

        @Override
        public Tensor compose(Tensor[] in) {
            return in[0].mul(in[2]).add(in[1].mul(in[3]).mul(in[1]));
        }
    },
    /**
     * Adam's update {@code w - (m a) / (sqrt(v) / q + e)} of the param {@code w} from the moments
     * {@code m} and {@code v}, the step size {@code a}, the root bias correction {@code q} and
     * {@code eps} (scalars), each operation rounded to the dtype as the composition does.
     */
    ADAM_STEP {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            return inferAll(this, in, 6);
        }

        @Override
        public Tensor compose(Tensor[] in) {
            Tensor denom = in[2].sqrt().div(in[4]).add(in[5]);
            return in[0].sub(in[1].mul(in[3]).div(denom));
        }
    };

    /** The broadcast type of all {@code n} inputs, which must share one floating dtype. */
    private static TensorType inferAll(Primitive p, TensorType[] in, int n) {
        if (in.length != n) {
            throw new ShapeException(
                    p.name().toLowerCase(java.util.Locale.ROOT)
                            + ": takes "
                            + n
                            + " inputs, got "
                            + in.length);
        }
        TensorType t = in[0];
        for (int i = 1; i < in.length; i++) {
            t = BinaryOp.inferBroadcast(p, t, in[i]);
        }
        return t;
    }

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        DType.requireFloating(this, in[0]);
        return in[0];
    }

    /** The same result built from primitives (the definition every fused kernel must match). */
    public abstract Tensor compose(Tensor[] in);
}
