package org.ppl4j.spi;

import org.ppl4j.core.ShapeException;

/**
 * Derived operations that a backend may run as one fused kernel.
 *
 * <p>Each is defined once by its composition from primitives in the tensor layer ({@code
 * Functions.compose}); that composition is what runs when a backend has no fused kernel for it (see
 * {@code Backend.supports}), and the conformance kit checks every fused kernel against it. Its VJP,
 * written in primitives too, is the tensor layer's as well.
 */
public enum FusedOp implements Primitive {
    /**
     * {@code log(1 + exp(x))}, and {@code x} itself above 20 as PyTorch's threshold does. Above the
     * threshold the exponent gets 0 instead (a where, not a minimum, which would halve the gradient
     * at the tie x == 20), so the unused branch stays finite and its gradient is zero.
     */
    SOFTPLUS,
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
        TensorType.requireFloating(this, in[0]);
        return in[0];
    }
}
