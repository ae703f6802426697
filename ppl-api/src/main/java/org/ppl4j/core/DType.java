package org.ppl4j.core;

import java.util.List;

/**
 * The element types a tensor can hold. Backends support {@code F32}; {@code F64} is optional. The
 * integer types hold indices (a plate's subsample as an input of a compiled step): they support
 * creation, host transfer, casts, reshapes and use as the index operand of {@code
 * Tensor.indexSelect}, not arithmetic.
 */
public enum DType {
    /** IEEE 754 single precision, the working type of deep models. */
    F32("float32", 4),
    /** IEEE 754 double precision, used by the reference backend and for gradient checks. */
    F64("float64", 8),
    /** 32-bit signed integers (indices). */
    I32("int32", 4),
    /** 64-bit signed integers (indices; exact on the host up to 2^53). */
    I64("int64", 8);

    private static final List<DType> FLOATING = List.of(F32, F64);

    private final String displayName;
    private final int byteSize;

    DType(String displayName, int byteSize) {
        this.displayName = displayName;
        this.byteSize = byteSize;
    }

    /** The floating-point types, which every arithmetic primitive takes. */
    public static List<DType> floating() {
        return FLOATING;
    }

    /** Whether this is a floating-point type. */
    public boolean isFloating() {
        return this == F32 || this == F64;
    }

    /** The number of bytes one element takes. */
    public int byteSize() {
        return byteSize;
    }

    /** The NumPy/PyTorch name, e.g. {@code float32} or {@code int64}. */
    @Override
    public String toString() {
        return displayName;
    }

    /** Rounds a value to this dtype's precision (integers truncate toward zero, as a cast). */
    public double round(double v) {
        return switch (this) {
            case F32 -> (double) (float) v;
            case F64 -> v;
            case I32 -> (double) (int) v;
            case I64 -> (double) (long) v;
        };
    }
}
