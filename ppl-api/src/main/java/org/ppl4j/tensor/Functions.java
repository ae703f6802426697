package org.ppl4j.tensor;

import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.TensorType;

/**
 * Derived operations written once from primitives (PyTorch's {@code torch.nn.functional}).
 *
 * <pre>{@code
 * Tensor h = Functions.linear(x, weight, bias).softplus();
 * }</pre>
 */
public final class Functions {
    private Functions() {}

    /**
     * {@code x @ weight^T + bias} with PyTorch's layout: weight is {@code [out, in]}, {@code x} is
     * {@code [..., in]} (any leading dims, as in PyTorch) and the result {@code [..., out]}.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        int in = weight.dim(-1);
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new ShapeException(
                    "linear: input of shape "
                            + x.shape()
                            + " must have shape [..., "
                            + in
                            + "] to match weight "
                            + weight.shape()
                            + " ([out, in])");
        }
        Shape lead = x.shape().sub(0, x.rank() - 1);
        Tensor x2 = x.rank() == 2 ? x : x.reshape(lead.size(), in);
        Tensor y = x2.matmul(weight, false, true);
        if (bias != null) {
            y = y.add(bias);
        }
        return x.rank() == 2 ? y : y.reshape(lead.concat(Shape.of(weight.dim(0))).toArray());
    }

    /** {@code t} summed over its rightmost {@code n} dims (Pyro's {@code sum_rightmost}). */
    public static Tensor sumRightmost(Tensor t, int n) {
        if (n == 0) {
            return t;
        }
        int[] axes = new int[n];
        for (int i = 0; i < n; i++) {
            axes[i] = t.rank() - n + i;
        }
        return t.sum(axes, false);
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

    /**
     * PyTorch's {@code xlogy}: {@code x log y}, and 0 where {@code x == 0} (even at {@code y ==
     * 0}), with gradients 0 there too: the log reads 1 wherever {@code x == 0}, so no 0 * inf
     * appears.
     */
    public static Tensor xlogy(Tensor x, Tensor y) {
        Tensor zero = x.eq(0.0);
        return x.mul(zero.where(y.onesLike(), y).log());
    }

    /**
     * The running sums of {@code x} along {@code axis}, added strictly left to right (so every
     * backend gives the same floats); one slice and one add per entry of that axis, so meant for
     * short axes (a simplex's classes, a count's support).
     */
    public static Tensor cumsum(Tensor x, int axis) {
        return cumulative(x, axis, false);
    }

    /** The running products of {@code x} along {@code axis}, left to right, as {@link #cumsum}. */
    public static Tensor cumprod(Tensor x, int axis) {
        return cumulative(x, axis, true);
    }

    private static Tensor cumulative(Tensor x, int axis, boolean product) {
        int a = x.shape().axis(axis);
        int n = x.dim(a);
        if (n <= 1) {
            return x;
        }
        Tensor[] parts = new Tensor[n];
        for (int i = 0; i < n; i++) {
            Tensor xi = x.narrow(a, i, 1);
            parts[i] = i == 0 ? xi : product ? parts[i - 1].mul(xi) : parts[i - 1].add(xi);
        }
        return Tensor.concat(a, parts);
    }

    /**
     * The diagonals of square matrices {@code [..., n, n]} as {@code [..., n]}, by layout ops only
     * (entry {@code (i, i)} is entry {@code i (n + 1)} of the flattened matrix).
     */
    public static Tensor diagonal(Tensor m) {
        int n = squareSize("diagonal", m);
        int[] lead = m.shape().sub(0, m.rank() - 2).toArray();
        Tensor flat = m.reshape(append(lead, n * n));
        int[] before = new int[lead.length + 1];
        int[] after = before.clone();
        after[lead.length] = n;
        Tensor rows = flat.pad(before, after).reshape(append(lead, n, n + 1));
        return rows.narrow(-1, 0, 1).reshape(append(lead, n));
    }

    /** Square matrices {@code [..., n, n]} with {@code v [..., n]} on the diagonal, 0 elsewhere. */
    public static Tensor diagEmbed(Tensor v) {
        if (v.rank() == 0) {
            throw new ShapeException("diagEmbed: needs a vector [..., n], got a scalar");
        }
        int n = v.dim(-1);
        int[] lead = v.shape().sub(0, v.rank() - 1).toArray();
        int[] before = new int[lead.length + 2];
        int[] after = before.clone();
        after[lead.length + 1] = n;
        Tensor rows = v.reshape(append(lead, n, 1)).pad(before, after);
        return rows.reshape(append(lead, n * (n + 1)))
                .narrow(-1, 0, n * n)
                .reshape(append(lead, n, n));
    }

    /**
     * The entries of square matrices {@code [..., n, n]} on and below diagonal {@code k} (0 the
     * main one, -1 the one below it), 0 elsewhere (PyTorch's {@code tril}).
     */
    public static Tensor tril(Tensor m, int k) {
        int n = squareSize("tril", m);
        return triangle(m, n, true, k).where(m, m.constant(0.0));
    }

    /**
     * 1 where column {@code j <= i + k} (lower) or {@code j >= i + k} (upper) in an {@code n x n}
     * matrix, else 0, in {@code like}'s dtype on its backend.
     */
    static Tensor triangle(Tensor like, int n, boolean lower, int k) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * n + j] = (lower ? j <= i + k : j >= i + k) ? 1 : 0;
            }
        }
        return Dispatch.fromHost(like.backend(), m, new TensorType(Shape.of(n, n), like.dtype()));
    }

    private static int squareSize(String op, Tensor m) {
        if (m.rank() < 2 || m.dim(-1) != m.dim(-2)) {
            throw new ShapeException(
                    op + ": needs square matrices [..., n, n], got shape " + m.shape());
        }
        return m.dim(-1);
    }

    private static int[] append(int[] a, int... b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** {@code log(sigmoid(x)) = -softplus(-x)}. */
    public static Tensor logSigmoid(Tensor x) {
        return x.neg().softplus().neg();
    }

    /**
     * {@code op} applied to {@code in}, built from primitives: the definition of each {@link
     * FusedOp} that every fused kernel must match, and what runs where the backend has none.
     */
    public static Tensor compose(FusedOp op, Tensor... in) {
        return switch (op) {
            case SOFTPLUS -> {
                Tensor x = in[0];
                Tensor above = x.gt(20.0);
                yield above.where(x, above.where(x.zerosLike(), x).exp().log1p());
            }
            case BCE_WITH_LOGITS -> {
                Tensor l = in[0];
                Tensor t = in[1];
                Tensor m = l.neg().maximum(0.0);
                Tensor lse = m.neg().exp().add(l.neg().sub(m).exp()).log();
                yield t.neg().add(1.0).mul(l).add(m).add(lse);
            }
            case ADAM_MOMENT -> in[0].mul(in[2]).add(in[1].mul(in[3]));
            case ADAM_SECOND_MOMENT -> in[0].mul(in[2]).add(in[1].mul(in[3]).mul(in[1]));
            case ADAM_STEP -> {
                Tensor denom = in[2].sqrt().div(in[4]).add(in[5]);
                yield in[0].sub(in[1].mul(in[3]).div(denom));
            }
        };
    }

    /**
     * PyTorch's {@code binary_cross_entropy_with_logits} without reduction: elementwise {@code -[t
     * log σ(l) + (1 - t) log(1 - σ(l))]}, stable for any logits; fused where the backend can.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return Dispatch.apply(FusedOp.BCE_WITH_LOGITS, Attr.NONE, logits, target);
    }
}
