package org.ppl4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Graph;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;

/**
 * The tracing interpreter: records every primitive into a {@link Graph} instead of running it.
 *
 * <p>A traced tensor's handle is a {@link Traced} node id. A tensor made outside the trace (a
 * param, an optimizer slot, the step's data) becomes an input the first time an op reads it, under
 * the key its caller gave it (else it is captured as it is). Host data becomes a constant, a {@link
 * HostFeed} an input fed at every run. Identical applications (same primitive, attributes and
 * arguments: the many {@code constant(1.0)} of a step) are recorded once. Reading a value on the
 * host fails with a {@link ConcretizationException}.
 */
final class Tracer implements Interpreter {
    /** A traced value: the id of its node. */
    record Traced(int id) implements Handle {}

    /** An input fed by calling a host feed at every run. */
    record FeedInput(HostFeed feed) {}

    /** An input bound to the tensor that was captured at trace time. */
    record Captured(Tensor tensor) {}

    private record Key(Primitive p, Attr attr, List<Integer> args) {}

    private final Map<Storage, Object> known;
    private final List<Graph.Node> nodes = new ArrayList<>();
    private final List<TensorType> inputTypes = new ArrayList<>();
    private final List<Object> inputKeys = new ArrayList<>();
    private final Map<Storage, Integer> inputOf = new IdentityHashMap<>();
    private final Map<Key, Integer> interned = new HashMap<>();
    private final List<Tensor> required = new ArrayList<>();

    Tracer(Map<Storage, Object> known) {
        this.known = known;
    }

    @Override
    public Tensor apply(Backend backend, Primitive p, Attr attr, Tensor[] in, TensorType out) {
        Integer[] args = new Integer[in.length];
        for (int i = 0; i < in.length; i++) {
            args[i] = idOf(in[i]);
        }
        Key key = new Key(p, attr, Arrays.asList(args));
        Integer id = interned.get(key);
        if (id == null) {
            int[] a = new int[args.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = args[i];
            }
            id = add(Graph.Kind.APPLY, p, attr, a, out, -1, null);
            interned.put(key, id);
        }
        return traced(backend, id, out, p);
    }

    @Override
    public Tensor fromHost(Backend backend, Object data, TensorType type) {
        Object copy = data instanceof float[] f ? f.clone() : ((double[]) data).clone();
        int id = add(Graph.Kind.CONSTANT, null, null, new int[0], type, -1, copy);
        return traced(backend, id, type, "tensor creation");
    }

    @Override
    public Tensor feed(Backend backend, TensorType type, HostFeed feed) {
        return traced(backend, input(new FeedInput(feed), type), type, "a host feed");
    }

    @Override
    public Object toHost(Tensor t, DType asType) {
        throw new ConcretizationException(t);
    }

    @Override
    public void release(Backend backend, Handle h) {
        // A traced value holds no memory.
    }

    @Override
    public boolean isTracing() {
        return true;
    }

    @Override
    public void require(Tensor ok) {
        required.add(ok);
    }

    /** The conditions registered with {@link #require}, in order. */
    List<Tensor> required() {
        return required;
    }

    /** The keys of the inputs, in input order: a caller's key, a FeedInput or a Captured. */
    List<Object> inputKeys() {
        return inputKeys;
    }

    /**
     * The graph whose outputs are {@code outs}: only the nodes they need (feeds are kept as inputs
     * even when unused, since every run must read the stream as an eager run does), each output a
     * distinct APPLY node (an input, a constant or a repeated node is copied by a reshape).
     */
    Graph finish(List<Tensor> outs) {
        int[] outIds = new int[outs.size()];
        boolean[] seen = new boolean[nodes.size() + outs.size()];
        for (int i = 0; i < outIds.length; i++) {
            int id = idOf(outs.get(i));
            Graph.Node n = nodes.get(id);
            if (n.kind() != Graph.Kind.APPLY || seen[id]) {
                id =
                        add(
                                Graph.Kind.APPLY,
                                LayoutOp.RESHAPE,
                                new Attr.To(n.type().shape()),
                                new int[] {id},
                                n.type(),
                                -1,
                                null);
            }
            seen[id] = true;
            outIds[i] = id;
        }
        boolean[] live = new boolean[nodes.size()];
        for (int id : outIds) {
            live[id] = true;
        }
        for (int id = nodes.size() - 1; id >= 0; id--) {
            if (live[id]) {
                for (int a : nodes.get(id).args()) {
                    live[a] = true;
                }
            }
        }
        int[] renumber = new int[nodes.size()];
        List<Graph.Node> kept = new ArrayList<>();
        for (Graph.Node n : nodes) {
            if (!live[n.id()] && n.kind() != Graph.Kind.INPUT) {
                continue;
            }
            int[] args = n.args();
            for (int i = 0; i < args.length; i++) {
                args[i] = renumber[args[i]];
            }
            renumber[n.id()] = kept.size();
            kept.add(
                    new Graph.Node(
                            kept.size(),
                            n.kind(),
                            n.primitive(),
                            n.attr(),
                            args,
                            n.type(),
                            n.input(),
                            n.constant()));
        }
        for (int i = 0; i < outIds.length; i++) {
            outIds[i] = renumber[outIds[i]];
        }
        return new Graph(kept, inputTypes, outIds);
    }

    private int idOf(Tensor t) {
        Storage s = t.storage();
        if (s.origin() == this) {
            return ((Traced) s.rawHandle()).id();
        }
        if (s.rawHandle() instanceof Traced) {
            throw new ConcretizationException(
                    t
                            + " belongs to another traced program; a compiled step can use only"
                            + " its own values and tensors made outside it");
        }
        Integer id = inputOf.get(s);
        if (id == null) {
            t.handle(); // fails with a clear message if it was released
            Object key = known.get(s);
            id = input(key != null ? key : new Captured(t.detach()), t.type());
            inputOf.put(s, id);
        }
        return id;
    }

    private int input(Object key, TensorType type) {
        int index = inputKeys.size();
        inputKeys.add(key);
        inputTypes.add(type);
        return add(Graph.Kind.INPUT, null, null, new int[0], type, index, null);
    }

    private int add(
            Graph.Kind kind,
            Primitive p,
            Attr attr,
            int[] args,
            TensorType type,
            int input,
            Object constant) {
        int id = nodes.size();
        nodes.add(new Graph.Node(id, kind, p, attr, args, type, input, constant));
        return id;
    }

    private Tensor traced(Backend backend, int id, TensorType type, Object what) {
        return TensorScope.current(what).own(backend, new Traced(id), type, this);
    }
}
