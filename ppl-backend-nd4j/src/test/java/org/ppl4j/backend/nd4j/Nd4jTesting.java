package org.ppl4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;

/** The backend under test and value assertions that treat NaN as equal to NaN. */
final class Nd4jTesting {
    private Nd4jTesting() {}

    static Backend backend() {
        return Backends.get("nd4j");
    }

    static Tensor t(DType dtype, double[] data, int... shape) {
        return Tensor.of(data, dtype, shape);
    }

    /** Asserts shape and values, to a relative 1e-6 in float32 and 1e-14 in float64. */
    static void assertTensor(Tensor actual, int[] shape, double... expected) {
        assertThat(actual.shape()).isEqualTo(Shape.of(shape));
        double tol = actual.dtype() == DType.F32 ? 1e-6 : 1e-14;
        double[] got = actual.toDoubleArray();
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < got.length; i++) {
            double e = expected[i];
            double g = got[i];
            boolean ok =
                    Double.isNaN(e)
                            ? Double.isNaN(g)
                            : e == g || Math.abs(g - e) <= tol * Math.max(1.0, Math.abs(e));
            if (!ok) {
                fail("element " + i + " of " + actual + " is " + g + ", expected " + e);
            }
        }
    }
}
