package org.ppl4j.spi;

import java.util.Arrays;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;

/**
 * The static attributes of one primitive application (axes, target shape, flags...).
 *
 * <p>Attributes are plain immutable values with content equality, so a tracing interpreter can use
 * them as graph node keys. Arrays are copied on the way in and never handed out mutable.
 */
public sealed interface Attr {
    /** No attributes. */
    None NONE = new None();

    /** For primitives that take no attributes. */
    record None() implements Attr {}

    /** Axes to reduce over (already normalized, ascending) and whether to keep them as size 1. */
    record Axes(int[] axes, boolean keepDims) implements Attr {
        /** Copies the axes. */
        public Axes {
            axes = axes.clone();
        }

        /** The axes, a copy. */
        @Override
        public int[] axes() {
            return axes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Axes a && a.keepDims == keepDims && Arrays.equals(a.axes, axes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(axes) * 31 + Boolean.hashCode(keepDims);
        }

        @Override
        public String toString() {
            return "axes=" + Arrays.toString(axes) + (keepDims ? ", keepDims" : "");
        }
    }

    /** A target shape (reshape, broadcastTo). */
    record To(Shape shape) implements Attr {}

    /** A permutation of axes: output axis {@code i} is input axis {@code perm[i]}. */
    record Perm(int[] perm) implements Attr {
        /** Copies the permutation. */
        public Perm {
            perm = perm.clone();
        }

        /** The permutation, a copy. */
        @Override
        public int[] perm() {
            return perm.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Perm p && Arrays.equals(p.perm, perm);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(perm);
        }

        @Override
        public String toString() {
            return "perm=" + Arrays.toString(perm);
        }
    }

    /** A unit-stride window {@code [begin, end)} per axis. */
    record Window(int[] begin, int[] end) implements Attr {
        /** Copies the bounds. */
        public Window {
            begin = begin.clone();
            end = end.clone();
        }

        /** The first index on each axis, a copy. */
        @Override
        public int[] begin() {
            return begin.clone();
        }

        /** The index after the last on each axis, a copy. */
        @Override
        public int[] end() {
            return end.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Window w
                    && Arrays.equals(w.begin, begin)
                    && Arrays.equals(w.end, end);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(begin) * 31 + Arrays.hashCode(end);
        }

        @Override
        public String toString() {
            return "begin=" + Arrays.toString(begin) + ", end=" + Arrays.toString(end);
        }
    }

    /** Zero padding added before and after each axis. */
    record Padding(int[] before, int[] after) implements Attr {
        /** Copies the paddings. */
        public Padding {
            before = before.clone();
            after = after.clone();
        }

        /** The zeros before each axis, a copy. */
        @Override
        public int[] before() {
            return before.clone();
        }

        /** The zeros after each axis, a copy. */
        @Override
        public int[] after() {
            return after.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Padding p
                    && Arrays.equals(p.before, before)
                    && Arrays.equals(p.after, after);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(before) * 31 + Arrays.hashCode(after);
        }

        @Override
        public String toString() {
            return "before=" + Arrays.toString(before) + ", after=" + Arrays.toString(after);
        }
    }

    /** One axis (concat). */
    record Axis(int axis) implements Attr {}

    /**
     * Index selection along an axis: gather takes {@code indices}; scatter-add writes into an axis
     * of length {@code size}.
     */
    record Index(int axis, int[] indices, int size) implements Attr {
        /** Copies the indices. */
        public Index {
            indices = indices.clone();
        }

        /** The indices, a copy. */
        @Override
        public int[] indices() {
            return indices.clone();
        }

        /** The index at position {@code i}, without copying the array. */
        public int index(int i) {
            return indices[i];
        }

        /** The number of indices. */
        public int count() {
            return indices.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Index x
                    && x.axis == axis
                    && x.size == size
                    && Arrays.equals(x.indices, indices);
        }

        @Override
        public int hashCode() {
            return (Arrays.hashCode(indices) * 31 + axis) * 31 + size;
        }

        @Override
        public String toString() {
            return "axis=" + axis + ", " + indices.length + " indices, size=" + size;
        }
    }

    /**
     * The axis of an index-tensor selection and the length of that axis in the full tensor (the
     * input's for {@code INDEX_SELECT}, the output's for {@code INDEX_ADD}).
     */
    record IndexAxis(int axis, int size) implements Attr {
        /**
         * The positions read from an index tensor's values as a static {@link Index} over this
         * axis, for backends that run {@code INDEX_SELECT}/{@code INDEX_ADD} with their {@code
         * GATHER}/{@code SCATTER_ADD} kernels.
         *
         * @throws ShapeException naming the position and the bound when a value is outside [0,
         *     size)
         */
        public Index withIndices(double[] values) {
            int[] idx = new int[values.length];
            for (int i = 0; i < idx.length; i++) {
                double v = values[i];
                if (!(v >= 0 && v < size)) {
                    throw new ShapeException(
                            "index "
                                    + (long) v
                                    + " at position "
                                    + i
                                    + " is outside [0, "
                                    + size
                                    + ") for axis "
                                    + axis);
                }
                idx[i] = (int) v;
            }
            return new Index(axis, idx, size);
        }
    }

    /** Transpose flags of a matrix product {@code op(a) @ op(b)}. */
    record Transpose(boolean a, boolean b) implements Attr {}

    /**
     * Which triangle of a triangular matrix {@code A} a solve reads ({@code lower}) and whether it
     * solves {@code A^T X = B} instead of {@code A X = B} ({@code transpose}).
     */
    record Triangular(boolean lower, boolean transpose) implements Attr {}

    /** A target dtype (cast). */
    record ToType(DType dtype) implements Attr {}

    /** A constant fill. */
    record Fill(Shape shape, DType dtype, double value) implements Attr {}

    /** The order {@code n >= 1} of a derivative (polygamma). */
    record Order(int n) implements Attr {
        /** Checks that {@code n >= 1}. */
        public Order {
            if (n < 1) {
                throw new IllegalArgumentException("order must be >= 1, got " + n);
            }
        }
    }
}
