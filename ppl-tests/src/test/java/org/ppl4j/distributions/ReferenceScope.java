package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ppl4j.PplContext;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Runs each test inside a float64 reference-backend scope with validation on and the context's
 * random stream seeded with 0, restoring the context afterwards.
 */
abstract class ReferenceScope {
    private TensorScope scope;
    private Rng savedRng;
    private boolean savedValidation;

    @BeforeEach
    void openScope() {
        PplContext ctx = PplContext.current();
        savedRng = ctx.rng();
        savedValidation = ctx.validationEnabled();
        ctx.rng(new Rng(0));
        ctx.validationEnabled(true);
        scope = new TensorScope(Backends.get("reference"));
    }

    @AfterEach
    void closeScope() {
        scope.close();
        PplContext.current().rng(savedRng);
        PplContext.current().validationEnabled(savedValidation);
    }

    /** A float64 vector. */
    static Tensor vec(double... v) {
        return Tensor.of(v, v.length);
    }

    /** A float64 tensor of the given shape. */
    static Tensor arr(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    /** Asserts the elements of {@code t}, row-major, each to 1e-12. */
    static void assertValues(Tensor t, double... expected) {
        double[] got = t.toDoubleArray();
        assertThat(got).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got[i]).as("entry %d", i).isCloseTo(expected[i], within(1e-12));
        }
    }

    /** A float64 scalar. */
    static Tensor scalar(double v) {
        return Tensor.of(new double[] {v});
    }
}
