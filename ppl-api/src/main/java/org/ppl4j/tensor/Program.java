package org.ppl4j.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Compiler;
import org.ppl4j.spi.Executable;
import org.ppl4j.spi.Graph;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.TensorType;

/**
 * A tensor computation traced once and then run as one program (the compiled phase: {@code
 * jax.jit}, Pyro's {@code JitTrace_ELBO}). {@link #trace} runs the body with the tracing
 * interpreter, so every primitive it applies is recorded instead of executed; the backend's {@link
 * Compiler} (or, without one, a primitive-by-primitive replay) turns the graph into an {@link
 * Executable}.
 *
 * <p>What the body reads from outside becomes an input: tensors it was given keys for (the step's
 * data, params, optimizer slots) are bound anew at every {@link #run}; any other tensor it captured
 * is bound to that same tensor; every {@link HostFeed} (random draws, per-step learning rates) is
 * called at every run in the order the body made them. Host data the body turned into tensors is a
 * constant. Java control flow ran once, at trace time, and is frozen into the program; reading a
 * value on the host inside the body is a {@link ConcretizationException}. Conditions registered
 * with {@link Dispatch#require} are checked on the device and reported by {@link Result#ok()}.
 *
 * <pre>{@code
 * try (Program p = Program.trace(backend, Map.of(x, "x"), () -> List.of(x.mul(x).sum()))) {
 *     double y = p.run(key -> nextBatch).outputs().get(0).item();
 * }
 * }</pre>
 */
public final class Program implements AutoCloseable {
    private final Backend backend;
    private final Graph graph;
    private final List<Object> inputKeys;
    private final Executable executable;
    private final int outputs;
    private final boolean flagged;

    /** What one run produced. */
    public record Result(List<Tensor> outputs, boolean ok) {}

    private Program(
            Backend backend,
            Graph graph,
            List<Object> inputKeys,
            Executable executable,
            int outputs,
            boolean flagged) {
        this.backend = backend;
        this.graph = graph;
        this.inputKeys = inputKeys;
        this.executable = executable;
        this.outputs = outputs;
        this.flagged = flagged;
    }

    /**
     * Traces {@code body} on {@code backend} and compiles it with the backend's compiler.
     *
     * @param keys tensors made outside the body that are bound anew at each run, with the key
     *     {@link #run}'s binder is asked for
     * @throws ConcretizationException if the body reads a value on the host
     */
    public static Program trace(
            Backend backend, Map<Tensor, Object> keys, Supplier<List<Tensor>> body) {
        return trace(backend, keys, body, false);
    }

    /**
     * Like {@link #trace(Backend, Map, Supplier)}, but with {@code replay} the graph is replayed
     * primitive by primitive even where the backend has a compiler (to compare the two).
     */
    public static Program trace(
            Backend backend,
            Map<Tensor, Object> keys,
            Supplier<List<Tensor>> body,
            boolean replay) {
        Map<Storage, Object> known = new IdentityHashMap<>();
        keys.forEach((t, k) -> known.put(t.storage(), k));
        Tracer tracer = new Tracer(known);
        Graph graph;
        int n;
        boolean flagged;
        try (TensorScope scope = new TensorScope(backend);
                Dispatch.Restore installed = Dispatch.using(tracer)) {
            List<Tensor> outs = new ArrayList<>(body.get());
            n = outs.size();
            Tensor flag = flag(tracer.required());
            flagged = flag != null;
            if (flagged) {
                outs.add(flag);
            }
            graph = tracer.finish(outs);
        }
        Compiler compiler = replay ? null : backend.compiler();
        Executable exe;
        try {
            exe = compiler != null ? compiler.compile(graph) : new Replay(backend, graph);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new BackendException(
                    "backend '" + backend.name() + "' failed to compile a traced program: " + e, e);
        }
        return new Program(backend, graph, List.copyOf(tracer.inputKeys()), exe, n, flagged);
    }

    /** The AND of every required condition, a float32 scalar 1 or 0; null if there are none. */
    private static Tensor flag(List<Tensor> required) {
        Tensor flag = null;
        try (Dispatch.Restore off = Autodiff.noGrad()) {
            for (Tensor r : required) {
                if (r.size() == 0) {
                    continue;
                }
                Tensor m = r.min().cast(DType.F32);
                flag = flag == null ? m : flag.minimum(m);
            }
        }
        return flag;
    }

    /** The traced graph. */
    public Graph graph() {
        return graph;
    }

    /** Whether the backend's compiler runs it (false: replayed primitive by primitive). */
    public boolean isCompiled() {
        return !(executable instanceof Replay);
    }

    /**
     * Runs the program once: binds each keyed input through {@code bind} (which must return a live
     * tensor of the traced type), calls the feeds, and returns the outputs as new tensors of the
     * current scope.
     */
    public Result run(Function<Object, Tensor> bind) {
        List<TensorType> types = graph.inputs();
        Handle[] in = new Handle[types.size()];
        List<Tensor> fed = new ArrayList<>();
        try {
            for (int i = 0; i < in.length; i++) {
                Object key = inputKeys.get(i);
                Tensor t;
                if (key instanceof Tracer.FeedInput f) {
                    t = Dispatch.fromHost(backend, f.feed().values(), types.get(i));
                    fed.add(t);
                } else if (key instanceof Tracer.Captured c) {
                    t = c.tensor();
                } else {
                    t = bind.apply(key);
                }
                in[i] = checked(key, t, types.get(i)).handle();
            }
            Handle[] out = runExecutable(in);
            TensorScope scope = TensorScope.current("a compiled program's outputs");
            List<Tensor> results = new ArrayList<>(out.length);
            int[] ids = graph.outputs();
            for (int i = 0; i < out.length; i++) {
                TensorType type = graph.nodes().get(ids[i]).type();
                results.add(scope.own(backend, out[i], type, EagerInterpreter.INSTANCE));
            }
            boolean ok = !flagged || results.get(outputs).item() == 1.0;
            return new Result(List.copyOf(results.subList(0, outputs)), ok);
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    private Handle[] runExecutable(Handle[] in) {
        try {
            return executable.run(in);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new BackendException(
                    "backend '" + backend.name() + "' failed running a compiled program: " + e, e);
        }
    }

    private Tensor checked(Object key, Tensor t, TensorType type) {
        if (t == null || !t.type().equals(type) || t.backend() != backend) {
            throw new PplException(
                    "compiled program: input "
                            + (key instanceof Tracer.Captured ? "captured tensor" : key)
                            + " is "
                            + (t == null
                                    ? "missing"
                                    : t + " on backend '" + t.backend().name() + "'")
                            + " but the program was traced with "
                            + type
                            + " on '"
                            + backend.name()
                            + "'; trace it again for the new shapes");
        }
        if (!t.isAlive()) {
            throw new PplException(
                    "compiled program: input "
                            + (key instanceof Tracer.Captured
                                    ? "captured " + t
                                    : key + " (" + t + ")")
                            + " was released; a tensor a compiled step captured must stay alive"
                            + " while the step is used (pass it as an argument instead)");
        }
        return t;
    }

    /** Frees the executable; the program cannot run afterwards. */
    @Override
    public void close() {
        executable.close();
    }
}
