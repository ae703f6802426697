package org.ppl4j.core;

import java.util.Arrays;

/**
 * An immutable list of dimension sizes, outermost first (row-major).
 *
 * <p>{@code Shape.of()} is the shape of a scalar. Broadcasting follows NumPy: dimensions are
 * aligned from the right and a size-1 dimension stretches to match.
 *
 * <pre>{@code
 * Shape s = Shape.broadcast("add", Shape.of(256, 1), Shape.of(784)); // [256, 784]
 * }</pre>
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given sizes; each must be non-negative. */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new ShapeException(
                        "shape "
                                + Arrays.toString(dims)
                                + " has a negative size; sizes must be >= 0");
            }
        }
        return new Shape(dims.clone());
    }

    /** The shape of a scalar (rank 0). */
    public static Shape scalar() {
        return SCALAR;
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The size of dimension {@code i}; negative {@code i} counts from the right. */
    public int dim(int i) {
        return dims[axis(i)];
    }

    /** A copy of the sizes. */
    public int[] toArray() {
        return dims.clone();
    }

    /** The number of elements (1 for a scalar). */
    public int size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new ShapeException(
                    "shape " + this + " has " + n + " elements; at most 2^31-1 fit");
        }
        return (int) n;
    }

    /** Normalizes an axis index (negative counts from the right) or fails naming the shape. */
    public int axis(int i) {
        int a = i < 0 ? i + dims.length : i;
        if (a < 0 || a >= dims.length) {
            throw new ShapeException(
                    "axis " + i + " is out of range for shape " + this + " of rank " + dims.length);
        }
        return a;
    }

    /** {@code 0..rank-1}, every axis in order. */
    public int[] allAxes() {
        int[] a = new int[dims.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        return a;
    }

    /** The axes normalized ({@link #axis}) and sorted ascending, as reductions take them. */
    public int[] sortedAxes(int[] axes) {
        int[] norm = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = axis(axes[i]);
        }
        Arrays.sort(norm);
        return norm;
    }

    /**
     * The shape {@code dims} for this shape's elements, with at most one -1 inferred from the
     * others (what {@code reshape} takes).
     */
    public Shape reshaped(int[] dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1 && infer < 0) {
                infer = i;
            } else if (d[i] < 0) {
                throw new ShapeException(
                        "reshape: "
                                + Arrays.toString(dims)
                                + " may hold at most one -1 and no"
                                + " other negative size");
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new ShapeException(
                        "reshape: cannot reshape "
                                + this
                                + " ("
                                + size()
                                + " elements) to "
                                + Arrays.toString(dims));
            }
            d[infer] = (int) (size() / known);
        }
        return Shape.of(d);
    }

    /**
     * The sizes with a 1 inserted at {@code axis} (negative counts from the right of the result).
     */
    public int[] withUnitAxis(int axis) {
        int a = axis < 0 ? axis + dims.length + 1 : axis;
        int[] d = new int[dims.length + 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            d[i] = i == a ? 1 : dims[j++];
        }
        return d;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** The dimensions {@code [from, to)} as a shape. */
    public Shape sub(int from, int to) {
        return Shape.of(Arrays.copyOfRange(dims, from, to));
    }

    /** This shape with {@code other}'s dimensions appended. */
    public Shape concat(Shape other) {
        int[] r = Arrays.copyOf(dims, dims.length + other.dims.length);
        System.arraycopy(other.dims, 0, r, dims.length, other.dims.length);
        return Shape.of(r);
    }

    /**
     * The NumPy broadcast of two shapes.
     *
     * @param op the operation, named in the error when the shapes do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(
                        op
                                + ": shapes "
                                + a
                                + " and "
                                + b
                                + " do not broadcast (dimension "
                                + (i - rank)
                                + " is "
                                + da
                                + " vs "
                                + db
                                + "); make them equal or 1 there, e.g. with reshape");
            }
            r[i] = da == 1 ? db : da;
        }
        return Shape.of(r);
    }

    /** Whether this shape can be broadcast to {@code target} (NumPy rule, one direction). */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[i + off]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Formats as {@code [2, 3]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
