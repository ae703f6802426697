package org.ppl4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.ppl4j.PplContext;
import org.ppl4j.handlers.Handler;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Runs each test as a fresh probabilistic program: a float64 reference-backend scope, validation
 * on, the random stream seeded with 0, an empty param store and an empty handler stack, all
 * restored afterwards. A test that leaves a handler open fails.
 */
public abstract class ProgramScope {
    private TensorScope scope;
    private Rng savedRng;
    private boolean savedValidation;
    private ParamStore savedStore;

    /** The backend the test's tensors live on (the float64 reference by default). */
    protected Backend backend() {
        return Backends.get("reference");
    }

    @BeforeEach
    void openProgram() {
        PplContext ctx = PplContext.current();
        assertThat(ctx.handlerStack()).as("handlers left open by an earlier test").isEmpty();
        savedRng = ctx.rng();
        savedValidation = ctx.validationEnabled();
        savedStore = ctx.paramStore(new ParamStore());
        ctx.rng(new Rng(0));
        ctx.validationEnabled(true);
        scope = new TensorScope(backend());
    }

    @AfterEach
    void closeProgram() {
        PplContext ctx = PplContext.current();
        List<Handler> left = ctx.handlerStack();
        // Close what the test left open, innermost first, so the next test starts with none.
        for (int i = left.size() - 1; i >= 0; i--) {
            left.get(i).close();
        }
        scope.close();
        ctx.paramStore(savedStore).close();
        ctx.rng(savedRng);
        ctx.validationEnabled(savedValidation);
        assertThat(left).as("handlers left open by the test").isEmpty();
    }

    /** A float64 vector. */
    protected static Tensor vec(double... v) {
        return Tensor.of(v, v.length);
    }

    /** A float64 tensor of the given shape. */
    protected static Tensor arr(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    /** A float64 scalar. */
    protected static Tensor scalar(double v) {
        return Tensor.of(new double[] {v});
    }

    /** {@code log N(x; loc, scale)} in double precision. */
    protected static double normalLogPdf(double x, double loc, double scale) {
        double z = (x - loc) / scale;
        return -0.5 * z * z - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);
    }
}
