package org.ppl4j.handlers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.ppl4j.random.RowKeys;
import org.ppl4j.tensor.Tensor;

/**
 * Factories for the effect handlers (Pyro's {@code poutine}); each returns the handler already
 * entered, for try-with-resources, and {@link #trace(Runnable)} runs a block under a trace.
 *
 * <pre>{@code
 * Trace guideTrace = Handlers.trace(() -> guide.accept(x));
 * try (var r = Handlers.replay(guideTrace); var t = Handlers.trace()) {
 *     model.accept(x);
 *     Trace modelTrace = t.trace();
 * }
 * }</pre>
 */
public final class Handlers {
    private Handlers() {}

    /** The handlers open on the calling thread, innermost last (a read-only snapshot). */
    public static List<Handler> active() {
        return List.copyOf(HandlerStack.current().handlers);
    }

    /**
     * The name of the last site whose message went through the calling thread's handler stack, or
     * null before the first; errors raised far from a site (a compiled step's) use it to name one.
     */
    public static String lastSite() {
        return HandlerStack.current().lastSite;
    }

    /** Records every site below it. */
    public static TraceHandler trace() {
        return new TraceHandler().enter();
    }

    /** Runs {@code program} under a fresh trace and returns the trace. */
    public static Trace trace(Runnable program) {
        try (TraceHandler t = trace()) {
            program.run();
            return t.trace();
        }
    }

    /** Reuses the latent values recorded in {@code source}. */
    public static ReplayHandler replay(Trace source) {
        return new ReplayHandler(source).enter();
    }

    /** Hides every site. */
    public static BlockHandler block() {
        return new BlockHandler(m -> true).enter();
    }

    /** Hides the sites {@code hide} selects. */
    public static BlockHandler block(Predicate<Message> hide) {
        return new BlockHandler(hide).enter();
    }

    /** Hides the named sites. */
    public static BlockHandler hide(Set<String> names) {
        return new BlockHandler(m -> names.contains(m.name())).enter();
    }

    /** Hides every site except the named ones. */
    public static BlockHandler expose(Set<String> names) {
        return new BlockHandler(m -> !names.contains(m.name())).enter();
    }

    /** Observes the named sample sites at the given values. */
    public static ConditionHandler condition(Map<String, Tensor> data) {
        return new ConditionHandler(data).enter();
    }

    /** Fixes the named param and latent sites to the given values. */
    public static SubstituteHandler substitute(Map<String, Tensor> data) {
        return new SubstituteHandler(data).enter();
    }

    /** Draws the named latent sites from the given standard noise (see {@link NoiseHandler}). */
    public static NoiseHandler noise(Map<String, Tensor> noise) {
        return new NoiseHandler(noise).enter();
    }

    /**
     * Draws latent sites with noise keyed by example, step and seed instead of the random stream
     * (see {@link KeyedNoiseHandler}): the same noise for an example whatever minibatch or shard it
     * is in.
     */
    public static KeyedNoiseHandler keyedNoise(RowKeys keys) {
        return new KeyedNoiseHandler(keys).enter();
    }

    /** Multiplies every log-density by {@code factor}. */
    public static ScaleHandler scale(double factor) {
        return new ScaleHandler(factor).enter();
    }

    /** Drops log-density entries where {@code mask} is 0. */
    public static MaskHandler mask(Tensor mask) {
        return new MaskHandler(mask).enter();
    }

    /** Runs the block on a random stream seeded with {@code seed}. */
    public static SeedHandler seed(long seed) {
        return new SeedHandler(seed).enter();
    }

    /** A plate of {@code size} independent entries, taking the next free dim from the right. */
    public static Plate plate(String name, int size) {
        return new Plate(name, size, size, null).enter();
    }

    /** A plate that subsamples {@code subsampleSize} of {@code size} entries. */
    public static Plate plate(String name, int size, int subsampleSize) {
        return new Plate(name, size, subsampleSize, null).enter();
    }

    /** A plate at an explicit (negative) batch dim. */
    public static Plate plate(String name, int size, int subsampleSize, int dim) {
        return new Plate(name, size, subsampleSize, dim).enter();
    }
}
