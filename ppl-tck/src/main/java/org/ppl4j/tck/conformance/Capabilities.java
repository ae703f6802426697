package org.ppl4j.tck.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Capability;

/** What a backend under test has declared, and the assumptions that skip what it has not. */
final class Capabilities {
    private Capabilities() {}

    static boolean hasFloat64(Backend b) {
        return b.capabilities().contains(Capability.FLOAT64);
    }

    /** The dtypes {@code b} computes in. */
    static List<DType> dtypes(Backend b) {
        return hasFloat64(b) ? List.of(DType.F32, DType.F64) : List.of(DType.F32);
    }

    /** Skips a float64 test on a backend without {@link Capability#FLOAT64}, saying so. */
    static void assumeDtype(Backend b, DType dt) {
        assumeTrue(
                dt == DType.F32 || hasFloat64(b),
                "backend '"
                        + b.name()
                        + "' does not declare Capability.FLOAT64, so float64 is not"
                        + " part of its contract");
    }
}
