package org.ppl4j.tck.conformance;

import java.util.Set;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Capability;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;
import org.ppl4j.testkit.ReferenceBackend;

/**
 * The reference with one planted bug in one primitive, to show that the suites catch such bugs (a
 * conformance test that cannot fail would prove nothing).
 */
final class FaultyBackend implements Backend {
    /** Rewrites the correct output of the faulty primitive from its inputs. */
    interface Fault {
        double[] apply(double[][] inputs, double[] output);
    }

    /** A fault that also needs the attributes and input types. */
    interface TypedFault {
        double[] apply(Attr attr, TensorType[] types, double[][] inputs, double[] output);
    }

    private final ReferenceBackend delegate = new ReferenceBackend();
    private final Primitive target;
    private final TypedFault fault;

    FaultyBackend(Primitive target, Fault fault) {
        this(target, (attr, types, x, y) -> fault.apply(x, y));
    }

    FaultyBackend(Primitive target, TypedFault fault) {
        this.target = target;
        this.fault = fault;
    }

    @Override
    public String name() {
        return "faulty-" + target;
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public String device() {
        return "cpu";
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Handle fromHost(float[] data, TensorType type) {
        return delegate.fromHost(data, type);
    }

    @Override
    public Handle fromHost(double[] data, TensorType type) {
        return delegate.fromHost(data, type);
    }

    @Override
    public float[] toFloats(Handle h, TensorType type) {
        return delegate.toFloats(h, type);
    }

    @Override
    public double[] toDoubles(Handle h, TensorType type) {
        return delegate.toDoubles(h, type);
    }

    @Override
    public Handle execute(
            Primitive p, Attr attr, Handle[] in, TensorType[] inTypes, TensorType out) {
        Handle h = delegate.execute(p, attr, in, inTypes, out);
        if (p != target) {
            return h;
        }
        double[][] x = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            x[i] = delegate.toDoubles(in[i], inTypes[i]);
        }
        double[] wrong = fault.apply(attr, inTypes, x, delegate.toDoubles(h, out));
        delegate.release(h);
        return delegate.fromHost(wrong, out);
    }

    @Override
    public void release(Handle h) {
        delegate.release(h);
    }

    @Override
    public long liveHandles() {
        return delegate.liveHandles();
    }
}
