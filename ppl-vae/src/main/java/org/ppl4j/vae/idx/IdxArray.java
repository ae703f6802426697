package org.ppl4j.vae.idx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The contents of one IDX file: element type, dimensions and the elements, immutable.
 *
 * <p>The first dimension counts the items (images, labels); the others give each item's shape.
 * Elements are kept as the file's big-endian bytes and converted on request.
 *
 * <pre>{@code
 * IdxArray images = IdxReader.read(Path.of("train-images-idx3-ubyte.gz"));
 * float[] pixels = images.toUnitFloats();   // 60000 * 28 * 28 values in [0, 1]
 * }</pre>
 */
public final class IdxArray {
    private final Path source;
    private final IdxType type;
    private final int[] dims;
    private final byte[] data;

    IdxArray(Path source, IdxType type, int[] dims, byte[] data) {
        this.source = source;
        this.type = type;
        this.dims = dims.clone();
        this.data = data;
    }

    /** The file this array was read from, for messages. */
    public Path source() {
        return source;
    }

    /** The element type. */
    public IdxType type() {
        return type;
    }

    /** The magic number of the header: {@code 0x0000}, the type code, the rank. */
    public int magic() {
        return (type.code() << 8) | dims.length;
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The dimensions, first the item count. */
    public int[] dims() {
        return dims.clone();
    }

    /** Dimension {@code i}. */
    public int dim(int i) {
        return dims[i];
    }

    /** The number of items: the first dimension. */
    public int count() {
        return dims[0];
    }

    /** The number of elements in all. */
    public int size() {
        return data.length / type.bytes();
    }

    /**
     * The unsigned bytes of an {@link IdxType#UNSIGNED_BYTE} file, a copy (read them as {@code b &
     * 0xFF}).
     */
    public byte[] toBytes() {
        requireUnsignedBytes("toBytes");
        return data.clone();
    }

    /** The elements as ints (floating-point elements are truncated toward zero). */
    public int[] toInts() {
        int n = size();
        int[] out = new int[n];
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < n; i++) {
            out[i] = (int) next(b);
        }
        return out;
    }

    /** The elements as floats, unscaled. */
    public float[] toFloats() {
        int n = size();
        float[] out = new float[n];
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < n; i++) {
            out[i] = (float) next(b);
        }
        return out;
    }

    /**
     * Reads the next element; a double holds every IDX type exactly, so narrowing it gives the same
     * int or float as narrowing the element itself.
     */
    private double next(ByteBuffer b) {
        return switch (type) {
            case UNSIGNED_BYTE -> b.get() & 0xFF;
            case SIGNED_BYTE -> b.get();
            case SHORT -> b.getShort();
            case INT -> b.getInt();
            case FLOAT -> b.getFloat();
            case DOUBLE -> b.getDouble();
        };
    }

    /**
     * The unsigned bytes of an {@link IdxType#UNSIGNED_BYTE} file divided by 255, as float32:
     * pixels in [0, 1] as torchvision's {@code ToTensor} gives them.
     */
    public float[] toUnitFloats() {
        requireUnsignedBytes("toUnitFloats");
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (data[i] & 0xFF) / 255f;
        }
        return out;
    }

    private void requireUnsignedBytes(String method) {
        if (type != IdxType.UNSIGNED_BYTE) {
            throw new IdxException(
                    source,
                    method
                            + " needs unsigned bytes (type 0x08) but the file holds "
                            + type
                            + "; use toFloats() or toInts()");
        }
    }

    /** Type and dimensions, e.g. {@code IdxArray(UNSIGNED_BYTE, [60000, 28, 28])}. */
    @Override
    public String toString() {
        return "IdxArray(" + type + ", " + Arrays.toString(dims) + ")";
    }
}
