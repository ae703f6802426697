package org.ppl4j.tck.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Beta;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.MultivariateNormal;
import org.ppl4j.distributions.Normal;
import org.ppl4j.handlers.Plate;
import org.ppl4j.infer.Svi;
import org.ppl4j.infer.TraceElbo;
import org.ppl4j.infer.autoguide.AutoDiagonalNormal;
import org.ppl4j.optim.Adam;
import org.ppl4j.optim.ClippedAdam;
import org.ppl4j.optim.Optimizer;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Interpreter;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.vae.model.Vae;

/**
 * Compiled SVI steps ({@link Svi#compiled()}) equal eager ones on every backend: the VAE, a plate
 * with subsampling (indices fed at every run), a model whose shapes change between calls (a second
 * program, not a wrong one), and the self-check mode; a host read while tracing fails naming the
 * site. Tolerance: 1e-4 relative for step losses, the bar for float32 programs whose
 * kernels may round differently from the eager ones (TF's graph runtime fuses and reorders).
 */
@Tag(Layer.INFERENCE)
class CompiledSviTest {
    private static final int STEPS = 25;

    /** The losses of {@code steps} SVI steps from seed 7 in a fresh param store. */
    private static List<Double> run(
            Backend b,
            Function<Svi<Tensor>, Svi<Tensor>> mode,
            Consumer<Tensor> model,
            Consumer<Tensor> guide,
            Optimizer opt,
            List<int[]> shapes,
            int steps,
            int[] compiledRuns) {
        PplContext ctx = PplContext.current();
        List<Double> losses = new ArrayList<>();
        try (TensorScope scope = new TensorScope(b);
                ParamStore store = new ParamStore();
                opt) {
            ParamStore previous = ctx.paramStore(store);
            ctx.rng(new Rng(7));
            Rng data = new Rng(11);
            try {
                Svi<Tensor> svi = mode.apply(new Svi<>(model, guide, opt, new TraceElbo()));
                for (int i = 0; i < steps; i++) {
                    int[] shape = shapes.get(i % shapes.size());
                    int n = 1;
                    for (int d : shape) {
                        n *= d;
                    }
                    Tensor x = Tensor.of(data.uniformFloats(n), shape);
                    losses.add(svi.step(x));
                }
                if (compiledRuns != null) {
                    compiledRuns[0] = svi.compiledRuns();
                    compiledRuns[1] = svi.compiledPrograms();
                }
            } finally {
                ctx.paramStore(previous);
            }
        }
        return losses;
    }

    private static void assertClose(List<Double> eager, List<Double> compiled) {
        assertThat(compiled).hasSameSizeAs(eager);
        for (int i = 0; i < eager.size(); i++) {
            double e = eager.get(i);
            assertThat(compiled.get(i))
                    .as("step %d", i)
                    .isCloseTo(e, within(1e-4 * Math.max(1.0, Math.abs(e))));
        }
    }

    /** A model and its guide. */
    private record Program(Consumer<Tensor> model, Consumer<Tensor> guide) {}

    /** What the compiled run gave: its losses, steps run compiled, programs compiled. */
    private record Outcome(List<Double> losses, int compiledRuns, int programs) {}

    private static Program vae(int zDim, int hidden) {
        Vae v = new Vae(zDim, hidden, DType.F32);
        return new Program(v::model, v::guide);
    }

    /**
     * Runs {@code steps} steps eagerly and in {@code mode} from the same seed and data (each with
     * its own program and optimizer), asserts that the losses agree, and returns the second run.
     */
    private static Outcome againstEager(
            Backend b,
            Function<Svi<Tensor>, Svi<Tensor>> mode,
            Supplier<Program> program,
            Supplier<Optimizer> opt,
            List<int[]> shapes,
            int steps) {
        Program e = program.get();
        List<Double> eager = run(b, s -> s, e.model(), e.guide(), opt.get(), shapes, steps, null);
        Program c = program.get();
        int[] runs = new int[2];
        List<Double> other = run(b, mode, c.model(), c.guide(), opt.get(), shapes, steps, runs);
        assertClose(eager, other);
        return new Outcome(other, runs[0], runs[1]);
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void compiledVaeStepsEqualEagerSteps(Backend b) {
        List<int[]> shapes = List.of(new int[] {32, Vae.PIXELS});
        Outcome o =
                againstEager(
                        b, Svi::compiled, () -> vae(4, 16), () -> new Adam(1e-2), shapes, STEPS);
        assertThat(o.compiledRuns()).as("steps run compiled").isEqualTo(STEPS - 1);
        assertThat(o.programs()).as("programs").isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aChangeOfShapeCompilesASecondProgram(Backend b) {
        List<int[]> shapes = List.of(new int[] {16, Vae.PIXELS}, new int[] {9, Vae.PIXELS});
        Outcome o =
                againstEager(
                        b, Svi::compiled, () -> vae(3, 8), () -> new ClippedAdam(1e-2), shapes, 12);
        assertThat(o.programs()).as("one program per batch size").isEqualTo(2);
        // Only the first step, which creates the params, runs eagerly; the second batch size is
        // compiled on its first call.
        assertThat(o.compiledRuns()).as("all but the first step").isEqualTo(11);
    }

    private static void subsampledModel(Tensor data) {
        Tensor mu = sample("mu", Normal.of(Tensor.of(new float[] {0f}, 1), 10.0));
        try (Plate p = plate("data", data.dim(0), 8)) {
            Tensor batch = data.indexSelect(0, p.indexTensor());
            sample("obs", Normal.of(mu, 0.5), batch);
        }
    }

    private static void subsampledGuide(Tensor data) {
        Tensor loc = param("loc", () -> Tensor.of(new float[] {0f}, 1));
        Tensor scale = param("scale", () -> Tensor.of(new float[] {1f}, 1), Constraints.positive());
        sample("mu", Normal.of(loc, scale));
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aSubsampledPlateTakesNewIndicesAtEveryRun(Backend b) {
        Outcome o =
                againstEager(
                        b,
                        Svi::compiled,
                        () ->
                                new Program(
                                        CompiledSviTest::subsampledModel,
                                        CompiledSviTest::subsampledGuide),
                        () -> new Adam(0.05),
                        List.of(new int[] {40}),
                        STEPS);
        assertThat(o.compiledRuns()).isEqualTo(STEPS - 1);
        // New data per step and new indices per run: the losses are not one repeated number.
        assertThat(o.losses().stream().distinct().count()).isGreaterThan(STEPS / 2);
    }

    private static void coinModel(Tensor data) {
        Tensor f = sample("fairness", Beta.of(10, 10, data.dtype()));
        try (Plate flips = plate("data", data.dim(0))) {
            sample("obs", Bernoulli.probs(f, false), data.gt(0.5));
        }
    }

    private static void coinGuide(Tensor data) {
        DType d = data.dtype();
        Tensor a = param("alpha_q", () -> Tensor.scalar(15.0, d), Constraints.positive());
        Tensor c = param("beta_q", () -> Tensor.scalar(15.0, d), Constraints.positive());
        sample("fairness", Beta.of(a, c));
    }

    /**
     * A Beta guide (gamma rejection sampling on the device from a fixed number of fed draws, the
     * lgamma/digamma primitives and the implicit reparameterization gradient) compiles and equals
     * its eager steps.
     */
    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aBetaGuideWithPathwiseGradientsCompiles(Backend b) {
        Outcome o =
                againstEager(
                        b,
                        Svi::compiled,
                        () -> new Program(CompiledSviTest::coinModel, CompiledSviTest::coinGuide),
                        () -> new Adam(5e-3),
                        List.of(new int[] {10}),
                        STEPS);
        assertThat(o.compiledRuns()).isEqualTo(STEPS - 1);
    }

    private static final float[] PRIOR_COV = {2f, 0.6f, 0.6f, 1f};

    private static void correlatedModel(Tensor data) {
        Tensor cov = Tensor.of(PRIOR_COV, 2, 2);
        Tensor z = sample("z", MultivariateNormal.ofCovariance(Tensor.zeros(DType.F32, 2), cov));
        try (Plate p = plate("data", data.dim(0))) {
            sample("obs", Normal.of(z, 0.5).toEvent(1), data);
        }
    }

    private static void correlatedGuide(Tensor data) {
        Tensor loc = param("loc", () -> Tensor.zeros(DType.F32, 2));
        Tensor tril =
                param(
                        "scale_tril",
                        () -> Tensor.of(new float[] {1f, 0f, 0.2f, 1f}, 2, 2),
                        Constraints.lowerCholesky());
        sample("z", MultivariateNormal.ofScaleTril(loc, tril));
    }

    /**
     * A multivariate normal prior and guide (the Cholesky factorization and triangular solves on
     * the device, with their gradients, and the validation checks of both matrices) compile and
     * equal their eager steps.
     */
    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aMultivariateNormalGuideCompiles(Backend b) {
        Outcome o =
                againstEager(
                        b,
                        Svi::compiled,
                        () ->
                                new Program(
                                        CompiledSviTest::correlatedModel,
                                        CompiledSviTest::correlatedGuide),
                        () -> new Adam(0.05),
                        List.of(new int[] {10, 2}),
                        STEPS);
        assertThat(o.compiledRuns()).isEqualTo(STEPS - 1);
    }

    private static void scalarModel(Tensor data) {
        Tensor mu = sample("mu", Normal.of(Tensor.of(new float[] {0f}, 1), 3.0));
        try (Plate p = plate("data", data.dim(0))) {
            sample("obs", Normal.of(mu, 1.0), data);
        }
    }

    /**
     * An autoguide's first call runs the model once to find its sites and keeps their distributions
     * (AutoDiagonalNormal draws its init from them): that run must be eager, so the first step is,
     * and the later ones compile.
     */
    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void anAutoguideCompilesAfterItsEagerPrototypeStep(Backend b) {
        Outcome o =
                againstEager(
                        b,
                        Svi::compiled,
                        () -> {
                            var guide =
                                    new AutoDiagonalNormal<Tensor>(CompiledSviTest::scalarModel);
                            return new Program(CompiledSviTest::scalarModel, guide);
                        },
                        () -> new Adam(0.05),
                        List.of(new int[] {6}),
                        STEPS);
        assertThat(o.compiledRuns()).isEqualTo(STEPS - 1);
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void theSelfCheckModeComparesEagerAndCompiledSteps(Backend b) {
        Outcome o =
                againstEager(
                        b,
                        s -> s.compiled(3),
                        () -> vae(3, 8),
                        () -> new Adam(1e-2),
                        List.of(new int[] {8, Vae.PIXELS}),
                        6);
        assertThat(o.compiledRuns()).isEqualTo(5);
    }

    /**
     * Counts what reaches the interpreter during one compiled step (an interpreter written outside
     * the tensor package, delegating to the eager one): no primitive runs eagerly, and the host
     * reads are the loss and the one flag.
     */
    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aCompiledStepRunsNoEagerOpAndReadsOnlyItsLossAndFlag(Backend b) {
        PplContext ctx = PplContext.current();
        int[] counts = new int[3];
        Interpreter counting =
                new Interpreter() {
                    @Override
                    public Tensor apply(
                            Backend be, Primitive p, Attr attr, Tensor[] in, TensorType out) {
                        counts[0]++;
                        return Interpreter.eager().apply(be, p, attr, in, out);
                    }

                    @Override
                    public Tensor fromHost(Backend be, Object data, TensorType type) {
                        counts[1]++;
                        return Interpreter.eager().fromHost(be, data, type);
                    }

                    @Override
                    public Object toHost(Tensor t, DType asType) {
                        counts[2]++;
                        return Interpreter.eager().toHost(t, asType);
                    }
                };
        Vae vae = new Vae(3, 8, DType.F32);
        try (TensorScope scope = new TensorScope(b);
                ParamStore store = new ParamStore();
                Adam adam = new Adam(1e-3)) {
            ParamStore previous = ctx.paramStore(store);
            ctx.rng(new Rng(5));
            try {
                Svi<Tensor> svi =
                        new Svi<>(vae::model, vae::guide, adam, new TraceElbo()).compiled();
                Tensor x = Tensor.of(new Rng(2).uniformFloats(6 * Vae.PIXELS), 6, Vae.PIXELS);
                svi.step(x); // eager: creates the params
                svi.step(x); // traced, compiled and run
                try (var using = Dispatch.using(counting)) {
                    svi.step(x);
                }
                assertThat(svi.compiledRuns()).isEqualTo(2);
            } finally {
                ctx.paramStore(previous);
            }
        }
        assertThat(counts[0]).as("primitives run eagerly").isZero();
        assertThat(counts[2]).as("host reads").isEqualTo(2);
        assertThat(counts[1]).as("host feeds: the latent noise and Adam's scalars").isPositive();
    }

    private static void readsTheHost(Tensor data) {
        Tensor mu = sample("mu", Normal.of(Tensor.of(new float[] {0f}, 1), 1.0));
        if (mu.item() > 100) {
            throw new AssertionError("unreachable");
        }
        try (Plate p = plate("data", data.dim(0))) {
            sample("obs", Normal.of(mu, 1.0), data);
        }
    }

    @ParameterizedTest
    @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
    void aHostReadWhileTracingNamesTheLastSite(Backend b) {
        assertThatThrownBy(
                        () ->
                                run(
                                        b,
                                        Svi::compiled,
                                        CompiledSviTest::readsTheHost,
                                        CompiledSviTest::subsampledGuide,
                                        new Adam(0.05),
                                        List.of(new int[] {5}),
                                        3,
                                        null))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("read on the host")
                .hasMessageContaining("last site reached was 'mu'")
                .hasMessageContaining("--no-jit");
    }
}
