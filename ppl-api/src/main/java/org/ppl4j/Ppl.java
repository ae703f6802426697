package org.ppl4j;

import java.util.function.Supplier;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Constraint;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.distributions.Delta;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.handlers.Message;
import org.ppl4j.handlers.Plate;
import org.ppl4j.nn.Module;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * The statements a model or guide is written with (Pyro's {@code pyro.*}), for static import.
 *
 * <pre>{@code
 * import static org.ppl4j.Ppl.*;
 *
 * void model(Tensor x) {
 *     module("decoder", decoder);
 *     try (Plate data = plate("data", x.dim(0))) {
 *         Tensor z = sample("latent", Normal.of(zeros, ones).toEvent(1));
 *         sample("obs", Bernoulli.probs(decoder.forward(z)).toEvent(1), x);
 *     }
 * }
 * }</pre>
 */
public final class Ppl {
    private Ppl() {}

    /** Draws (or, under handlers, replays/conditions) a latent random variable. */
    public static Tensor sample(String name, Distribution fn) {
        return sample(name, fn, null);
    }

    /** Scores observed data {@code obs} under {@code fn} (a latent draw if {@code obs} is null). */
    public static Tensor sample(String name, Distribution fn, Tensor obs) {
        PplException.nonNull(name, "name", "sample");
        PplException.nonNull(fn, "fn", "sample('" + name + "')");
        Message m = Message.sample(name, fn, obs);
        m.send(() -> m.value(draw(m.fn())));
        return m.value();
    }

    private static Tensor draw(Distribution fn) {
        return fn.hasRsample() ? fn.rsample() : fn.sample();
    }

    /** A real-valued learnable parameter, initialized from {@code init} on first use. */
    public static Tensor param(String name, Supplier<Tensor> init) {
        return param(name, init, Constraints.real());
    }

    /** A learnable parameter constrained to {@code constraint}. */
    public static Tensor param(String name, Supplier<Tensor> init, Constraint constraint) {
        PplException.nonNull(name, "name", "param");
        PplException.nonNull(init, "init", "param('" + name + "')");
        PplException.nonNull(constraint, "constraint", "param('" + name + "')");
        Message m = Message.param(name, init, constraint);
        m.send(() -> m.value(ParamStore.current().get(name, init, constraint)));
        return m.value();
    }

    /** A parameter that must already exist in the param store. */
    public static Tensor param(String name) {
        return param(
                name,
                () -> {
                    throw new PplException(
                            "param '"
                                    + name
                                    + "' does not exist yet; give an initial value on first use");
                });
    }

    /** Registers every parameter of {@code m} as {@code name.<param>} and binds it for forward. */
    public static <M extends Module> M module(String name, M m) {
        PplException.nonNull(name, "name", "module");
        PplException.nonNull(m, "m", "module('" + name + "')");
        m.namedParameters()
                .forEach((pname, p) -> p.bind(param(name + "." + pname, p::initialValue)));
        return m;
    }

    /** A plate of {@code size} conditionally independent entries. */
    public static Plate plate(String name, int size) {
        return Handlers.plate(name, size);
    }

    /** A plate subsampling {@code subsampleSize} of {@code size} entries. */
    public static Plate plate(String name, int size, int subsampleSize) {
        return Handlers.plate(name, size, subsampleSize);
    }

    /** Adds {@code logFactor} to the log-density (Pyro's {@code factor}). */
    public static void factor(String name, Tensor logFactor) {
        PplException.nonNull(logFactor, "logFactor", "factor('" + name + "')");
        Tensor zero = logFactor.zerosLike();
        sample(name, Delta.of(zero, logFactor, 0), zero);
    }

    /** Records a deterministic function of other sites in traces (log-density 0). */
    public static Tensor deterministic(String name, Tensor value) {
        PplException.nonNull(value, "value", "deterministic('" + name + "')");
        Tensor none = Tensor.scalar(0.0, value.dtype());
        return sample(name, Delta.of(value, none, value.rank()), value);
    }

    /** Reseeds this thread's random stream: same seed, same draws, on every backend. */
    public static void seed(long seed) {
        Rng.current(new Rng(seed));
    }
}
