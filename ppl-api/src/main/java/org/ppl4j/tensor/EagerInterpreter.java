package org.ppl4j.tensor;

import org.ppl4j.core.DType;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;

/** Runs each primitive at once on its backend. */
final class EagerInterpreter implements Interpreter {
    static final EagerInterpreter INSTANCE = new EagerInterpreter();

    private EagerInterpreter() {}

    @Override
    public Tensor apply(Backend backend, Primitive p, Attr attr, Tensor[] in, TensorType out) {
        Handle[] hs = new Handle[in.length];
        TensorType[] types = new TensorType[in.length];
        for (int i = 0; i < in.length; i++) {
            hs[i] = in[i].handle();
            types[i] = in[i].type();
        }
        TensorScope scope = TensorScope.current(p);
        Handle h;
        try {
            h = backend.execute(p, attr, hs, types, out);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw BackendException.wrap(backend.name(), p.name(), types, e);
        }
        return scope.own(backend, h, out, this);
    }

    @Override
    public Tensor fromHost(Backend backend, Object data, TensorType type) {
        TensorScope scope = TensorScope.current("tensor creation");
        Handle h;
        try {
            h =
                    data instanceof float[] f
                            ? backend.fromHost(f, type)
                            : backend.fromHost((double[]) data, type);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw BackendException.wrap(backend.name(), "fromHost", new TensorType[] {type}, e);
        }
        return scope.own(backend, h, type, this);
    }

    @Override
    public Object toHost(Tensor t, DType asType) {
        Backend backend = t.backend();
        Handle h = t.handle();
        try {
            return asType == DType.F32
                    ? backend.toFloats(h, t.type())
                    : backend.toDoubles(h, t.type());
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw BackendException.wrap(backend.name(), "toHost", new TensorType[] {t.type()}, e);
        }
    }
}
