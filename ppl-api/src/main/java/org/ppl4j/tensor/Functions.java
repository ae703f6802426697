package org.ppl4j.tensor;

/**
 * Derived operations written once from primitives (PyTorch's {@code torch.nn.functional}).
 *
 * <pre>{@code
 * Tensor h = Functions.linear(x, weight, bias).softplus();
 * }</pre>
 */
public final class Functions {
    private Functions() {}

    /** {@code x @ weight^T + bias} with PyTorch's layout: weight is {@code [out, in]}. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Tensor y = x.matmul(weight, false, true);
        return bias == null ? y : y.add(bias);
    }

    /** {@code log(sum(exp(x)))} over one axis, computed without overflow. */
    public static Tensor logSumExp(Tensor x, int axis, boolean keepDims) {
        int[] axes = {x.shape().axis(axis)};
        Tensor m = x.max(axes, true).detach();
        // A max of -inf (all entries -inf) would give NaN; shift by 0 there instead.
        Tensor finiteM = m.abs().lt(Double.POSITIVE_INFINITY).where(m, m.zerosLike());
        Tensor s = x.sub(finiteM).exp().sum(axes, true).log().add(finiteM);
        return keepDims ? s : s.reshape(ReduceOp.reducedShape(s.shape(), axes, false).toArray());
    }

    /** {@code log(sigmoid(x)) = -softplus(-x)}. */
    public static Tensor logSigmoid(Tensor x) {
        return x.neg().softplus().neg();
    }

    /**
     * PyTorch's {@code binary_cross_entropy_with_logits} without reduction: elementwise {@code -[t
     * log σ(l) + (1 - t) log(1 - σ(l))]}, stable for any logits; fused where the backend can.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return Dispatch.apply(FusedOp.BCE_WITH_LOGITS, Attr.NONE, logits, target);
    }
}
