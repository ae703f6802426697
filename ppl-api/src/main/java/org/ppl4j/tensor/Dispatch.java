package org.ppl4j.tensor;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.ShapeException;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;

/**
 * The one dispatch point: every primitive application goes through {@link #apply}, which checks the
 * inputs, infers the output type, hands the work to the current {@link Interpreter} and records the
 * autodiff node.
 */
public final class Dispatch {
    private Dispatch() {}

    /** Applies a primitive to tensors (all on one backend). */
    public static Tensor apply(Primitive p, Attr attr, Tensor... in) {
        if (in.length == 0) {
            return create(TensorScope.currentBackend(), p, attr);
        }
        Backend b = in[0].backend();
        TensorType[] types = new TensorType[in.length];
        boolean needsGrad = false;
        for (int i = 0; i < in.length; i++) {
            Tensor t = in[i];
            if (t.backend() != b) {
                throw new PplException(
                        p.name().toLowerCase(java.util.Locale.ROOT)
                                + ": "
                                + t
                                + " is on backend '"
                                + t.backend().name()
                                + "' but "
                                + in[0]
                                + " is on '"
                                + b.name()
                                + "'; tensors of two backends cannot be mixed in one op");
            }
            t.handle(); // fails with a clear message if released
            types[i] = t.type();
            needsGrad |= t.requiresGrad();
        }
        ThreadState ts = ThreadState.get();
        TensorType out = p.infer(types, attr);
        if (p instanceof FusedOp f && !b.supports(f)) {
            return Functions.compose(f, in);
        }
        Tensor r = ts.interpreter.apply(b, p, attr, in, out);
        if (needsGrad && ts.gradEnabled && p.differentiable()) {
            r = r.withNode(new Node(p, attr, in.clone()));
        }
        return r;
    }

    /** Applies a primitive with no tensor inputs (a creation op) on the given backend. */
    public static Tensor create(Backend b, Primitive p, Attr attr) {
        TensorType out = p.infer(new TensorType[0], attr);
        return ThreadState.get().interpreter.apply(b, p, attr, new Tensor[0], out);
    }

    static Tensor fromHost(Backend b, Object data, TensorType type) {
        int n = data instanceof float[] f ? f.length : ((double[]) data).length;
        if (n != type.shape().size()) {
            throw new ShapeException(
                    "tensor: "
                            + n
                            + " values do not fill shape "
                            + type.shape()
                            + " ("
                            + type.shape().size()
                            + " elements)");
        }
        return ThreadState.get().interpreter.fromHost(b, data, type);
    }

    /** A per-step host value on {@code b} (see {@link HostFeed}). */
    public static Tensor feed(Backend b, TensorType type, HostFeed feed) {
        return ThreadState.get().interpreter.feed(b, type, feed);
    }

    /** Whether this thread is recording a program (tensor values are not known). */
    public static boolean isTracing() {
        return ThreadState.get().interpreter.isTracing();
    }

    /**
     * Registers a 0/1 tensor that a traced program checks on the device (see {@link
     * Interpreter#require}); does nothing eagerly.
     */
    public static void require(Tensor ok) {
        ThreadState.get().interpreter.require(ok);
    }

    static Object toHost(Tensor t, DType asType) {
        return ThreadState.get().interpreter.toHost(t, asType);
    }

    /**
     * Installs {@code interpreter} for this thread until the returned handle is closed, which
     * restores the previous one.
     */
    public static Restore using(Interpreter interpreter) {
        ThreadState ts = ThreadState.get();
        Interpreter prev = ts.interpreter;
        ts.interpreter = interpreter;
        return () -> ts.interpreter = prev;
    }

    /** Restores the thread's previous setting when closed. */
    @FunctionalInterface
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
