package org.ppl4j.vae.idx;

/**
 * The element types of the IDX format, by the type code in the third byte of the magic number.
 *
 * <p>Multi-byte values are big-endian, as the format prescribes.
 */
public enum IdxType {
    /** Unsigned 8-bit integers (code 0x08): MNIST's pixels and labels. */
    UNSIGNED_BYTE(0x08, 1),
    /** Signed 8-bit integers (code 0x09). */
    SIGNED_BYTE(0x09, 1),
    /** Signed 16-bit integers (code 0x0B). */
    SHORT(0x0B, 2),
    /** Signed 32-bit integers (code 0x0C). */
    INT(0x0C, 4),
    /** 32-bit IEEE floats (code 0x0D). */
    FLOAT(0x0D, 4),
    /** 64-bit IEEE floats (code 0x0E). */
    DOUBLE(0x0E, 8);

    private final int code;
    private final int bytes;

    IdxType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The type code stored in the header. */
    public int code() {
        return code;
    }

    /** The size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The type with header code {@code code}, or null when the code is not an IDX type. */
    public static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
