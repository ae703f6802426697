package org.ppl4j.testkit;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.Capability;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.SelectOp;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;

/**
 * The float64 oracle of the conformance kit: every primitive as plain loops over one {@code
 * double[]} per tensor.
 *
 * <p>Kernels compute in double with {@link Math}; for {@link DType#F32} every result is rounded to
 * float after each primitive, which models float32 storage. It declares {@link Capability#FLOAT64}
 * and runs no fused kernels, so fused ops reach it as their composition. It is slow and obvious on
 * purpose: every other backend is compared against it. Its handles check that they are used only by
 * this instance, with the type they were made with, and released exactly once.
 *
 * <pre>{@code
 * try (var scope = new TensorScope(new ReferenceBackend())) {
 *     Tensor y = Tensor.of(new double[] {1, 2}, 2).exp();
 * }
 * }</pre>
 */
public final class ReferenceBackend implements Backend {
    private final AtomicLong live = new AtomicLong();

    /** A tensor's elements, row-major, with the type it was made with. */
    private static final class Buffer implements Handle {
        final ReferenceBackend owner;
        final TensorType type;
        final double[] data;
        boolean released;

        Buffer(ReferenceBackend owner, TensorType type, double[] data) {
            this.owner = owner;
            this.type = type;
            this.data = data;
        }
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String version() {
        return "java-" + Runtime.version();
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
        return Set.of(Capability.FLOAT64);
    }

    @Override
    public Handle fromHost(float[] data, TensorType type) {
        checkLength(data.length, type);
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return wrap(d, type);
    }

    @Override
    public Handle fromHost(double[] data, TensorType type) {
        checkLength(data.length, type);
        return wrap(data.clone(), type);
    }

    @Override
    public float[] toFloats(Handle h, TensorType type) {
        double[] d = data(h, type);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
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
        double[][] x = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            x[i] = data(in[i], inTypes[i]);
        }
        double[] r = run(p, attr, x, inTypes, out);
        if (r.length != out.shape().size()) {
            throw new IllegalStateException(
                    "reference " + p + " made " + r.length + " elements for " + out);
        }
        return wrap(r, out);
    }

    private static double[] run(
            Primitive p, Attr attr, double[][] x, TensorType[] in, TensorType out) {
        if (p instanceof UnaryOp u) {
            return ReferenceElementwise.unary(u, x[0]);
        } else if (p instanceof BinaryOp b) {
            return ReferenceElementwise.binary(b, x[0], in[0], x[1], in[1], out);
        } else if (p instanceof CompareOp c) {
            return ReferenceElementwise.compare(c, x[0], in[0], x[1], in[1], out);
        } else if (p instanceof SelectOp) {
            return ReferenceElementwise.where(x, in, out);
        } else if (p instanceof CreationOp) {
            double[] r = new double[out.shape().size()];
            Arrays.fill(r, ((Attr.Fill) attr).value());
            return r;
        } else if (p instanceof ReduceOp r) {
            return ReferenceReductions.reduce(r, x[0], in[0].shape(), ((Attr.Axes) attr).axes());
        } else if (p instanceof MatmulOp) {
            return ReferenceReductions.matmul(x[0], in[0], x[1], in[1], (Attr.Transpose) attr);
        } else if (p instanceof LayoutOp l) {
            return ReferenceLayout.run(l, attr, x, in, out);
        } else if (p instanceof SpecialOp s) {
            return ReferenceElementwise.special(s, attr, x, in, out);
        } else if (p instanceof LinalgOp l) {
            return ReferenceLinalg.run(l, attr, x, in, out);
        }
        throw new UnsupportedOperationException(
                "the reference backend runs no fused kernels; "
                        + p
                        + " must reach it as its composition (supports() is false)");
    }

    @Override
    public void release(Handle h) {
        Buffer b = own(h);
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

    private Handle wrap(double[] d, TensorType type) {
        for (int i = 0; i < d.length; i++) {
            d[i] = type.dtype().round(d[i]);
        }
        live.incrementAndGet();
        return new Buffer(this, type, d);
    }

    private Buffer own(Handle h) {
        if (!(h instanceof Buffer b) || b.owner != this) {
            throw new IllegalArgumentException(
                    "handle " + h + " was not made by this reference backend");
        }
        return b;
    }

    private double[] data(Handle h, TensorType type) {
        Buffer b = own(h);
        if (b.released) {
            throw new IllegalStateException("handle of " + b.type + " used after release");
        }
        if (!b.type.equals(type)) {
            throw new IllegalArgumentException(
                    "handle holds " + b.type + " but was passed as " + type);
        }
        return b.data;
    }

    private static void checkLength(int n, TensorType type) {
        if (n != type.shape().size()) {
            throw new IllegalArgumentException(n + " values do not fill " + type);
        }
    }
}
