package org.ppl4j.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * An immutable row-major array in Java memory (float32 or float64), the unit a safetensors file
 * stores and the bridge between files and {@link Tensor}s.
 *
 * <pre>{@code
 * HostArray a = HostArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * try (var scope = new TensorScope()) {
 *     Tensor t = a.toTensor();          // float32 [2, 3] in the scope
 *     HostArray back = HostArray.of(t); // equal to a
 * }
 * }</pre>
 */
public final class HostArray {
    private final DType dtype;
    private final Shape shape;
    private final float[] floats;
    private final double[] doubles;

    private HostArray(DType dtype, Shape shape, float[] floats, double[] doubles) {
        this.dtype = dtype;
        this.shape = shape;
        this.floats = floats;
        this.doubles = doubles;
    }

    /** A float32 array of the given shape from row-major values (copied). */
    public static HostArray ofFloats(float[] data, int... shape) {
        Shape s = Shape.of(shape);
        checkLength(data.length, s);
        return new HostArray(DType.F32, s, data.clone(), null);
    }

    /** A float64 array of the given shape from row-major values (copied). */
    public static HostArray ofDoubles(double[] data, int... shape) {
        Shape s = Shape.of(shape);
        checkLength(data.length, s);
        return new HostArray(DType.F64, s, null, data.clone());
    }

    /** The values of {@code t}, copied to the host in its dtype. */
    public static HostArray of(Tensor t) {
        return t.dtype() == DType.F32
                ? new HostArray(DType.F32, t.shape(), t.toFloatArray(), null)
                : new HostArray(DType.F64, t.shape(), null, t.toDoubleArray());
    }

    private static void checkLength(int n, Shape s) {
        if (n != s.size()) {
            throw new PplException(
                    "HostArray: " + n + " values do not fill shape " + s + " (" + s.size() + ")");
        }
    }

    /** A tensor with these values, dtype and shape, owned by the innermost open scope. */
    public Tensor toTensor() {
        int[] dims = shape.toArray();
        return dtype == DType.F32 ? Tensor.of(floats, dims) : Tensor.of(doubles, DType.F64, dims);
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The number of elements. */
    public int size() {
        return shape.size();
    }

    /** The number of bytes the values take in a file. */
    public long byteSize() {
        return (long) size() * dtype.byteSize();
    }

    /** Element {@code i} in row-major order, as a double. */
    public double get(int i) {
        return floats != null ? floats[i] : doubles[i];
    }

    /** A copy of the values as floats (rounded if float64). */
    public float[] toFloatArray() {
        if (floats != null) {
            return floats.clone();
        }
        float[] r = new float[doubles.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) doubles[i];
        }
        return r;
    }

    /** A copy of the values as doubles (exact). */
    public double[] toDoubleArray() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] r = new double[floats.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = floats[i];
        }
        return r;
    }

    /** Reads {@code shape.size()} little-endian values of {@code dtype} from {@code buf}. */
    static HostArray read(ByteBuffer buf, DType dtype, Shape shape) {
        int n = shape.size();
        if (dtype == DType.F32) {
            float[] f = new float[n];
            buf.asFloatBuffer().get(f);
            return new HostArray(dtype, shape, f, null);
        }
        double[] d = new double[n];
        buf.asDoubleBuffer().get(d);
        return new HostArray(dtype, shape, null, d);
    }

    /** Writes elements {@code [from, from + count)} little-endian into {@code buf}. */
    void write(ByteBuffer buf, int from, int count) {
        if (floats != null) {
            buf.asFloatBuffer().put(floats, from, count);
        } else {
            buf.asDoubleBuffer().put(doubles, from, count);
        }
        buf.position(buf.position() + count * dtype.byteSize());
    }

    /**
     * Equal when dtype, shape and every value agree, NaN equal to NaN (as {@link Arrays#equals}).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof HostArray h
                && dtype == h.dtype
                && shape.equals(h.shape)
                && Arrays.equals(floats, h.floats)
                && Arrays.equals(doubles, h.doubles);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + (floats != null ? Arrays.hashCode(floats) : 0)
                ^ (doubles != null ? Arrays.hashCode(doubles) : 0);
    }

    /** The dtype and shape, e.g. {@code float32[256, 784]}. */
    @Override
    public String toString() {
        return dtype + shape.toString();
    }
}
