package org.ppl4j.tensor;

/**
 * The special functions that densities of the gamma family need, elementwise; the output has the
 * input's shape and dtype. Their float64 definitions are {@link SpecialMath}'s, which the reference
 * backend runs; special values follow PyTorch (see each function there).
 *
 * <p>Each VJP is again a special function ({@code lgamma' = digamma}, {@code digamma' =
 * polygamma(1)}, {@code polygamma(n)' = polygamma(n + 1)}), so derivatives of every order exist.
 * {@link #STANDARD_GAMMA_GRAD} is the exception: like PyTorch's {@code _standard_gamma_grad} it has
 * no derivative of its own, so a Gamma draw's pathwise gradient is first order only.
 */
public enum SpecialOp implements Primitive {
    /** {@code log |Gamma(x)|}. */
    LGAMMA {
        @Override
        Tensor grad(Tensor g, Tensor x, Attr attr) {
            return g.mul(x.digamma());
        }
    },
    /** {@code d/dx lgamma(x)}. */
    DIGAMMA {
        @Override
        Tensor grad(Tensor g, Tensor x, Attr attr) {
            return g.mul(x.polygamma(1));
        }
    },
    /** The {@code n}-th derivative of digamma, {@code n} from {@link Attr.Order}. */
    POLYGAMMA {
        @Override
        Tensor grad(Tensor g, Tensor x, Attr attr) {
            return g.mul(x.polygamma(((Attr.Order) attr).n() + 1));
        }
    },
    /** The error function {@code 2/sqrt(pi) int_0^x exp(-t^2) dt}. */
    ERF {
        @Override
        Tensor grad(Tensor g, Tensor x, Attr attr) {
            return g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI));
        }
    },
    /** {@code 1 - erf(x)}, accurate where it is tiny. */
    ERFC {
        @Override
        Tensor grad(Tensor g, Tensor x, Attr attr) {
            return g.mul(x.square().neg().exp().mul(-TWO_OVER_SQRT_PI));
        }
    },
    /**
     * {@code d x / d alpha} at a standard Gamma(alpha, 1) draw {@code x}, holding its quantile
     * fixed (implicit reparameterization, Figurnov et al. 2018): {@code -(dP(alpha, x)/d alpha) /
     * p(x; alpha)} with P the regularized lower incomplete gamma function. Inputs {@code (alpha,
     * x)}, broadcast.
     */
    STANDARD_GAMMA_GRAD {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            return BinaryOp.inferBroadcast(this, in[0], in[1]);
        }

        @Override
        public Tensor[] vjp(Tensor g, Tensor[] in, Tensor out, Attr attr) {
            return new Tensor[] {null, null};
        }

        @Override
        public boolean differentiable() {
            return false;
        }

        @Override
        Tensor grad(Tensor g, Tensor x, Attr attr) {
            return null;
        }
    };

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        return in[0];
    }

    @Override
    public Tensor[] vjp(Tensor g, Tensor[] in, Tensor out, Attr attr) {
        return new Tensor[] {grad(g, in[0], attr)};
    }

    /** The cotangent of the one input. */
    abstract Tensor grad(Tensor g, Tensor x, Attr attr);
}
