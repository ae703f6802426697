package org.ppl4j.spi;

import java.util.Arrays;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;

/** Primitives that move, repeat or select elements without arithmetic. */
public enum LayoutOp implements Primitive {
    /** Same elements in row-major order, new shape ({@link Attr.To}, sizes already resolved). */
    RESHAPE {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            Shape to = ((Attr.To) attr).shape();
            if (to.size() != in[0].shape().size()) {
                throw new ShapeException(
                        "reshape: cannot reshape "
                                + in[0].shape()
                                + " ("
                                + in[0].shape().size()
                                + " elements) to "
                                + to
                                + " ("
                                + to.size()
                                + " elements)");
            }
            return new TensorType(to, in[0].dtype());
        }
    },
    /** Repeats size-1 and missing leading axes up to {@link Attr.To} (NumPy rule). */
    BROADCAST_TO {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            Shape to = ((Attr.To) attr).shape();
            if (!in[0].shape().broadcastsTo(to)) {
                throw new ShapeException(
                        "broadcastTo: shape "
                                + in[0].shape()
                                + " cannot be broadcast to "
                                + to
                                + "; each dimension must equal the target's or be 1");
            }
            return new TensorType(to, in[0].dtype());
        }
    },
    /** Permutes axes: output axis {@code i} is input axis {@code perm[i]}. */
    TRANSPOSE {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            int[] perm = ((Attr.Perm) attr).perm();
            Shape s = in[0].shape();
            int[] sorted = perm.clone();
            Arrays.sort(sorted);
            // The rank check comes first: an empty perm has no entry to disagree with.
            boolean ok = perm.length == s.rank();
            for (int i = 0; ok && i < sorted.length; i++) {
                ok = sorted[i] == i;
            }
            if (!ok) {
                throw new ShapeException(
                        "transpose: "
                                + Arrays.toString(perm)
                                + " is not a permutation of the "
                                + s.rank()
                                + " axes of "
                                + s);
            }
            int[] out = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                out[i] = s.dim(perm[i]);
            }
            return new TensorType(Shape.of(out), in[0].dtype());
        }
    },
    /** The window {@code [begin, end)} of every axis. */
    SLICE {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            Attr.Window w = (Attr.Window) attr;
            Shape s = in[0].shape();
            int[] b = w.begin();
            int[] e = w.end();
            int[] out = new int[s.rank()];
            for (int i = 0; i < s.rank(); i++) {
                if (b.length != s.rank()
                        || e.length != s.rank()
                        || b[i] < 0
                        || e[i] < b[i]
                        || e[i] > s.dim(i)) {
                    throw new ShapeException(
                            "slice: window " + w + " does not fit inside shape " + s);
                }
                out[i] = e[i] - b[i];
            }
            return new TensorType(Shape.of(out), in[0].dtype());
        }
    },
    /** Adds zeros before and after each axis. */
    PAD {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            Attr.Padding p = (Attr.Padding) attr;
            Shape s = in[0].shape();
            int[] b = p.before();
            int[] a = p.after();
            int[] out = new int[s.rank()];
            for (int i = 0; i < s.rank(); i++) {
                if (b.length != s.rank() || a.length != s.rank() || b[i] < 0 || a[i] < 0) {
                    throw new ShapeException(
                            "pad: padding " + p + " must be non-negative, one per axis of " + s);
                }
                out[i] = b[i] + s.dim(i) + a[i];
            }
            return new TensorType(Shape.of(out), in[0].dtype());
        }
    },
    /** Joins tensors along {@link Attr.Axis}; all other axes must agree. */
    CONCAT {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            if (in.length == 0) {
                throw new ShapeException("concat: needs at least one tensor");
            }
            int axis = ((Attr.Axis) attr).axis();
            Shape first = in[0].shape();
            int total = 0;
            for (TensorType t : in) {
                Shape s = t.shape();
                boolean fits = s.rank() == first.rank() && axis >= 0 && axis < s.rank();
                for (int i = 0; fits && i < s.rank(); i++) {
                    fits = i == axis || s.dim(i) == first.dim(i);
                }
                if (!fits || t.dtype() != in[0].dtype()) {
                    throw new ShapeException(
                            "concat: along axis "
                                    + axis
                                    + ", "
                                    + t
                                    + " does not fit "
                                    + in[0]
                                    + "; all other dimensions and the dtype must be equal");
                }
                total += s.dim(axis);
            }
            int[] out = first.toArray();
            out[axis] = total;
            return new TensorType(Shape.of(out), in[0].dtype());
        }
    },
    /** Selects the given indices along an axis (indices may repeat). */
    GATHER {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            Attr.Index x = (Attr.Index) attr;
            Shape s = in[0].shape();
            checkIndices(this, x, s, s.dim(x.axis()));
            return resized(in[0], x.axis(), x.count());
        }
    },
    /**
     * Adds slice {@code i} of the input along the axis into position {@code indices[i]} of a zero
     * tensor whose axis has length {@link Attr.Index#size()}.
     */
    SCATTER_ADD {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            Attr.Index x = (Attr.Index) attr;
            Shape s = in[0].shape();
            checkIndices(this, x, s, x.size());
            checkOnePerIndex("scatterAdd", s, x.axis(), x.count());
            return resized(in[0], x.axis(), x.size());
        }
    },

    /**
     * The entries of input 0 along {@link Attr.IndexAxis#axis()} at the positions held by input 1,
     * a rank-1 integer tensor (PyTorch's {@code index_select}); positions outside the axis are an
     * error of the backend. Unlike {@link #GATHER} the positions are a value, so a compiled step
     * can take a new minibatch's indices every call.
     */
    INDEX_SELECT {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            Attr.IndexAxis x = (Attr.IndexAxis) attr;
            Shape s = in[0].shape();
            checkIndexTensor(this, x, in);
            if (s.dim(x.axis()) != x.size()) {
                throw new ShapeException(
                        "indexSelect: axis "
                                + x.axis()
                                + " of "
                                + s
                                + " has length "
                                + s.dim(x.axis())
                                + ", not "
                                + x.size());
            }
            return resized(in[0], x.axis(), in[1].shape().dim(0));
        }
    },
    /**
     * Adds slice {@code i} of input 0 along the axis into position {@code index[i]} of zeros whose
     * axis has length {@link Attr.IndexAxis#size()}; input 1 is a rank-1 integer tensor with one
     * position per slice. The transpose of {@link #INDEX_SELECT}.
     */
    INDEX_ADD {
        @Override
        public TensorType infer(TensorType[] in, Attr attr) {
            Attr.IndexAxis x = (Attr.IndexAxis) attr;
            Shape s = in[0].shape();
            checkIndexTensor(this, x, in);
            checkOnePerIndex("indexAdd", s, x.axis(), in[1].shape().dim(0));
            return resized(in[0], x.axis(), x.size());
        }
    };

    /** {@code t} with axis {@code axis} of length {@code length}. */
    private static TensorType resized(TensorType t, int axis, int length) {
        int[] out = t.shape().toArray();
        out[axis] = length;
        return new TensorType(Shape.of(out), t.dtype());
    }

    private static void checkOnePerIndex(String op, Shape s, int axis, int count) {
        if (s.dim(axis) != count) {
            throw new ShapeException(
                    op
                            + ": axis "
                            + axis
                            + " of "
                            + s
                            + " must have one entry per index ("
                            + count
                            + ")");
        }
    }

    private static void checkIndexTensor(Primitive p, Attr.IndexAxis x, TensorType[] in) {
        String op = p == INDEX_SELECT ? "indexSelect" : "indexAdd";
        if (x.axis() < 0 || x.axis() >= in[0].shape().rank()) {
            throw new ShapeException(
                    op + ": axis " + x.axis() + " is out of range for " + in[0].shape());
        }
        if (in[1].dtype().isFloating() || in[1].shape().rank() != 1) {
            throw new ShapeException(
                    op
                            + ": the index must be a rank-1 int32 or int64 tensor, got "
                            + in[1]
                            + "; make it with Tensor.of(values, DType.I64, n) or"
                            + " .cast(DType.I64)");
        }
    }

    private static void checkIndices(Primitive p, Attr.Index x, Shape s, int bound) {
        if (x.axis() < 0 || x.axis() >= s.rank()) {
            throw new ShapeException(
                    p.name().toLowerCase(java.util.Locale.ROOT)
                            + ": axis "
                            + x.axis()
                            + " is out of range for "
                            + s);
        }
        for (int i = 0; i < x.count(); i++) {
            int v = x.index(i);
            if (v < 0 || v >= bound) {
                throw new ShapeException(
                        p.name().toLowerCase(java.util.Locale.ROOT)
                                + ": index "
                                + v
                                + " at position "
                                + i
                                + " is outside [0, "
                                + bound
                                + ") for axis "
                                + x.axis()
                                + " of "
                                + s);
            }
        }
    }
}
