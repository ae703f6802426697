package org.ppl4j.spi;

import java.util.Arrays;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;

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
        TensorType.requireFloating(this, in[0]);
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
}
