package org.ppl4j.tensor;

/** The element types a tensor can hold. Backends support {@code F32}; {@code F64} is optional. */
public enum DType {
    /** IEEE 754 single precision, the working type of deep models. */
    F32("float32", 4),
    /** IEEE 754 double precision, used by the reference backend and for gradient checks. */
    F64("float64", 8);

    private final String displayName;
    private final int byteSize;

    DType(String displayName, int byteSize) {
        this.displayName = displayName;
        this.byteSize = byteSize;
    }

    /** The number of bytes one element takes. */
    public int byteSize() {
        return byteSize;
    }

    /** The NumPy/PyTorch name, {@code float32} or {@code float64}. */
    @Override
    public String toString() {
        return displayName;
    }

    /** Rounds a value to this dtype's precision. */
    public double round(double v) {
        return this == F32 ? (double) (float) v : v;
    }
}
