package org.ppl4j.tensor;

import java.util.Arrays;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Executable;
import org.ppl4j.spi.Graph;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.TensorType;

/**
 * A graph run primitive by primitive on a backend without a compiler: the program's constants are
 * uploaded once, and each intermediate is released right after its last use. What remains of the
 * eager cost is the backend's own per-kernel cost; the Java side (handlers, traces, autodiff
 * bookkeeping, scopes) is gone.
 */
final class Replay implements Executable {
    private final Backend backend;
    private final Graph graph;
    private final Handle[] constants;
    private final int[] lastUse;
    private final boolean[] isOutput;
    private boolean closed;

    Replay(Backend backend, Graph graph) {
        this.backend = backend;
        this.graph = graph;
        int n = graph.nodes().size();
        this.constants = new Handle[n];
        this.lastUse = new int[n];
        this.isOutput = new boolean[n];
        Arrays.fill(lastUse, -1);
        for (Graph.Node node : graph.nodes()) {
            for (int a : node.args()) {
                lastUse[a] = node.id();
            }
        }
        for (int o : graph.outputs()) {
            isOutput[o] = true;
        }
        try {
            for (Graph.Node node : graph.nodes()) {
                if (node.kind() == Graph.Kind.CONSTANT) {
                    constants[node.id()] =
                            node.constant() instanceof float[] f
                                    ? backend.fromHost(f, node.type())
                                    : backend.fromHost((double[]) node.constant(), node.type());
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Handle[] run(Handle[] inputs) {
        if (closed) {
            throw new IllegalStateException("this compiled program was closed");
        }
        Handle[] v = new Handle[graph.nodes().size()];
        boolean[] owned = new boolean[v.length];
        try {
            for (Graph.Node node : graph.nodes()) {
                int id = node.id();
                switch (node.kind()) {
                    case INPUT -> v[id] = inputs[node.input()];
                    case CONSTANT -> v[id] = constants[id];
                    case APPLY -> {
                        Handle[] args = new Handle[node.arity()];
                        TensorType[] types = new TensorType[node.arity()];
                        for (int i = 0; i < args.length; i++) {
                            args[i] = v[node.arg(i)];
                            types[i] = graph.nodes().get(node.arg(i)).type();
                        }
                        v[id] = execute(node, args, types);
                        owned[id] = true;
                        for (int i = 0; i < args.length; i++) {
                            int a = node.arg(i);
                            if (owned[a] && lastUse[a] == id && !isOutput[a]) {
                                backend.release(v[a]);
                                owned[a] = false;
                            }
                        }
                    }
                }
            }
            int[] outs = graph.outputs();
            Handle[] result = new Handle[outs.length];
            for (int i = 0; i < outs.length; i++) {
                result[i] = v[outs[i]];
                owned[outs[i]] = false;
            }
            return result;
        } finally {
            for (int i = 0; i < v.length; i++) {
                if (owned[i]) {
                    backend.release(v[i]);
                }
            }
        }
    }

    private Handle execute(Graph.Node node, Handle[] args, TensorType[] types) {
        try {
            return backend.execute(node.primitive(), node.attr(), args, types, node.type());
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw BackendException.wrap(backend.name(), node.primitive().name(), types, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Handle h : constants) {
            if (h != null) {
                backend.release(h);
            }
        }
    }
}
