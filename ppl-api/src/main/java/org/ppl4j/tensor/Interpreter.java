package org.ppl4j.tensor;

import org.ppl4j.core.DType;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;

/**
 * What happens to a primitive application: executed now ({@link #eager()}) or recorded into a graph
 * (the tracing interpreter of compiled steps, see {@link Program}). Every tensor operation, host
 * reads, per-step host values and releases included, reaches one of these through {@link Dispatch};
 * install another with {@link Dispatch#using}. An interpreter written elsewhere (to count or log
 * ops, say) delegates to {@link #eager()} for the work.
 */
public interface Interpreter {
    /** The interpreter that runs every primitive at once on its backend. */
    static Interpreter eager() {
        return EagerInterpreter.INSTANCE;
    }

    /**
     * Applies {@code p} to inputs that all live on {@code backend}; {@code out} is the type that
     * {@link Primitive#infer} computed. The result has no autodiff node (Dispatch adds it).
     */
    Tensor apply(Backend backend, Primitive p, Attr attr, Tensor[] in, TensorType out);

    /**
     * A tensor from host data ({@code float[]} or {@code double[]}, row-major), fixed once made: a
     * constant of a traced program.
     */
    Tensor fromHost(Backend backend, Object data, TensorType type);

    /**
     * A tensor from host data that is computed anew each time the step runs (a random draw, a
     * learning rate): eagerly {@code feed.values()} now; in a traced program an input that is fed
     * by calling {@code feed} at every run, in the order the feeds were made.
     */
    default Tensor feed(Backend backend, TensorType type, HostFeed feed) {
        return fromHost(backend, feed.values(), type);
    }

    /**
     * The elements of {@code t}, row-major, copied to the host as {@code float[]} ({@code asType}
     * F32) or {@code double[]} (F64).
     */
    Object toHost(Tensor t, DType asType);

    /** Frees the memory behind {@code h}, which this interpreter made; called once per tensor. */
    default void release(Backend backend, Handle h) {
        backend.release(h);
    }

    /** Whether operations are being recorded rather than run (values are not known). */
    default boolean isTracing() {
        return false;
    }

    /**
     * Registers {@code ok}, a 0/1 tensor, as a condition the step checks on the device: a traced
     * program reports in its one flag whether every such entry was 1. Eagerly there is nothing to
     * do (the caller checks on the host).
     */
    default void require(Tensor ok) {}
}
