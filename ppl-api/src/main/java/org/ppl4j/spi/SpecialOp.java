package org.ppl4j.spi;

/**
 * The special functions that densities of the gamma family need, elementwise; the output has the
 * input's shape and dtype. Their float64 definitions are {@code SpecialMath}'s, which the reference
 * backend runs; special values follow PyTorch (see each function there).
 *
 * <p>Each VJP is again a special function ({@code lgamma' = digamma}, {@code digamma' =
 * polygamma(1)}, {@code polygamma(n)' = polygamma(n + 1)}), so derivatives of every order exist.
 * {@link #STANDARD_GAMMA_GRAD} is the exception: like PyTorch's {@code _standard_gamma_grad} it has
 * no derivative of its own, so a Gamma draw's pathwise gradient is first order only.
 */
public enum SpecialOp implements Primitive {
    /** {@code log |Gamma(x)|}. */
    LGAMMA,
    /** {@code d/dx lgamma(x)}. */
    DIGAMMA,
    /** The {@code n}-th derivative of digamma, {@code n} from {@link Attr.Order}. */
    POLYGAMMA,
    /** The error function {@code 2/sqrt(pi) int_0^x exp(-t^2) dt}. */
    ERF,
    /** {@code 1 - erf(x)}, accurate where it is tiny. */
    ERFC,
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
        public boolean differentiable() {
            return false;
        }
    };

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        return in[0];
    }
}
