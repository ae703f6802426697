package org.ppl4j.tensor;

import java.util.Arrays;

/** Reductions over the axes in {@link Attr.Axes}, optionally keeping them as size 1. */
public enum ReduceOp implements Primitive {
    /** The sum. */
    SUM,
    /** The maximum; ties share the gradient equally, as PyTorch's {@code amax}. */
    MAX,
    /** The minimum; ties share the gradient equally, as PyTorch's {@code amin}. */
    MIN;

    @Override
    public TensorType infer(TensorType[] in, Attr attr) {
        Attr.Axes a = (Attr.Axes) attr;
        Shape s = in[0].shape();
        DType.requireFloating(this, in[0]);
        int[] axes = a.axes();
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || axes[i] >= s.rank() || (i > 0 && axes[i] <= axes[i - 1])) {
                throw new ShapeException(
                        name().toLowerCase(java.util.Locale.ROOT)
                                + ": axes "
                                + Arrays.toString(axes)
                                + " must be distinct, ascending and within rank "
                                + s.rank()
                                + " of shape "
                                + s);
            }
            if (this != SUM && s.dim(axes[i]) == 0) {
                throw new ShapeException(
                        name().toLowerCase(java.util.Locale.ROOT)
                                + ": cannot reduce the empty axis "
                                + axes[i]
                                + " of shape "
                                + s
                                + "; the result has no identity element");
            }
        }
        return new TensorType(reducedShape(s, axes, a.keepDims()), in[0].dtype());
    }

    /**
     * {@code t} summed down to {@code target}, the inverse of broadcasting it: leading axes are
     * summed away and axes where {@code target} has size 1 are summed with keep-dims.
     */
    static Tensor sumTo(Tensor t, Shape target) {
        Shape s = t.shape();
        if (s.equals(target)) {
            return t;
        }
        if (!target.broadcastsTo(s)) {
            throw new ShapeException("sumTo: shape " + s + " is not a broadcast of " + target);
        }
        int lead = s.rank() - target.rank();
        int[] axes = new int[s.rank()];
        int n = 0;
        for (int i = 0; i < s.rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && s.dim(i) != 1)) {
                axes[n++] = i;
            }
        }
        Tensor sum = Dispatch.apply(SUM, new Attr.Axes(Arrays.copyOf(axes, n), true), t);
        return sum.reshape(target.toArray());
    }

    /** The shape left after reducing {@code axes} of {@code s}. */
    public static Shape reducedShape(Shape s, int[] axes, boolean keepDims) {
        int[] dims = s.toArray();
        boolean[] reduced = new boolean[dims.length];
        for (int ax : axes) {
            reduced[ax] = true;
        }
        int[] out = new int[keepDims ? dims.length : dims.length - axes.length];
        int j = 0;
        for (int i = 0; i < dims.length; i++) {
            if (!reduced[i]) {
                out[j++] = dims[i];
            } else if (keepDims) {
                out[j++] = 1;
            }
        }
        return Shape.of(out);
    }

    @Override
    public Tensor[] vjp(Tensor g, Tensor[] in, Tensor out, Attr attr) {
        Attr.Axes a = (Attr.Axes) attr;
        Shape kept = reducedShape(in[0].shape(), a.axes(), true);
        Tensor gk = g.reshape(kept.toArray());
        if (this == SUM) {
            return new Tensor[] {gk.broadcastTo(in[0].shape())};
        }
        Tensor mask = in[0].eq(out.reshape(kept.toArray()));
        Tensor count = mask.sum(a.axes(), true);
        return new Tensor[] {mask.mul(gk.div(count))};
    }
}
