package org.example.ppl;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Capability;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;

/**
 * A stand-in third-party backend: it keeps each tensor in a Java array of its own and runs every
 * kernel on a delegate backend, copying the inputs over and the result back, as a real backend
 * would hand them to its native library. It computes in float32 only, so it declares no capability.
 */
public final class ArrayBackend implements Backend {
    private final Backend kernels;
    private final AtomicLong live = new AtomicLong();

    /** A tensor's elements, row-major, and the type they were stored with. */
    private static final class Block implements Handle {
        final ArrayBackend owner;
        final TensorType type;
        final double[] data;
        boolean released;

        Block(ArrayBackend owner, TensorType type, double[] data) {
            this.owner = owner;
            this.type = type;
            this.data = data;
        }
    }

    /** A backend whose kernels run on {@code kernels}. */
    public ArrayBackend(Backend kernels) {
        this.kernels = kernels;
    }

    @Override
    public String name() {
        return ArrayBackendProvider.NAME;
    }

    @Override
    public String version() {
        return "1.0 on " + kernels.name() + " " + kernels.version();
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
        return Set.of();
    }

    @Override
    public Handle fromHost(float[] data, TensorType type) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return fromHost(d, type);
    }

    @Override
    public Handle fromHost(double[] data, TensorType type) {
        if (type.dtype() == DType.F64) {
            throw new BackendException(
                    "backend '" + name() + "' stores float32, not " + type + "; cast to DType.F32");
        }
        if (data.length != type.shape().size()) {
            throw new IllegalArgumentException(data.length + " values do not fill " + type);
        }
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = type.dtype().round(data[i]);
        }
        live.incrementAndGet();
        return new Block(this, type, d);
    }

    @Override
    public float[] toFloats(Handle h, TensorType type) {
        double[] d = data(h, type);
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Override
    public double[] toDoubles(Handle h, TensorType type) {
        return data(h, type).clone();
    }

    @Override
    public Handle execute(
            Primitive p, Attr attr, Handle[] in, TensorType[] inTypes, TensorType out) {
        Handle[] copies = new Handle[in.length];
        try {
            for (int i = 0; i < in.length; i++) {
                copies[i] = kernels.fromHost(data(in[i], inTypes[i]), inTypes[i]);
            }
            Handle result;
            try {
                result = kernels.execute(p, attr, copies, inTypes, out);
            } catch (BackendException e) {
                // The kernels' errors are this backend's errors: say so under its own name.
                String prefix = "backend '" + kernels.name() + "'";
                String message = e.getMessage();
                throw new BackendException(
                        message.startsWith(prefix)
                                ? "backend '" + name() + "'" + message.substring(prefix.length())
                                : message,
                        e);
            }
            try {
                return fromHost(kernels.toDoubles(result, out), out);
            } finally {
                kernels.release(result);
            }
        } finally {
            for (Handle c : copies) {
                if (c != null) {
                    kernels.release(c);
                }
            }
        }
    }

    @Override
    public void release(Handle h) {
        Block b = own(h);
        if (b.released) {
            throw new IllegalStateException("handle of " + b.type + " released twice");
        }
        b.released = true;
        live.decrementAndGet();
    }

    @Override
    public long liveHandles() {
        return live.get();
    }

    /** The name, so parameterized tests display it. */
    @Override
    public String toString() {
        return name();
    }

    private Block own(Handle h) {
        if (!(h instanceof Block b) || b.owner != this) {
            throw new IllegalArgumentException("handle " + h + " was not made by " + name());
        }
        return b;
    }

    private double[] data(Handle h, TensorType type) {
        Block b = own(h);
        if (b.released) {
            throw new IllegalStateException("handle of " + b.type + " used after release");
        }
        if (!b.type.equals(type)) {
            throw new IllegalArgumentException(
                    "handle holds " + b.type + " but was passed as " + type);
        }
        return b.data;
    }
}
