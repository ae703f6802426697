package org.ppl4j.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteTensorHandle;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Capability;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;
import org.tensorflow.internal.c_api.TFE_TensorHandle;

/**
 * The ppl4j backend on TensorFlow Java's eager C API: every primitive runs at once as one or a few
 * TF ops in one {@code TFE_Context}, and every {@link Handle} is one {@code TFE_TensorHandle} that
 * {@link #release} deletes, so native memory follows {@code TensorScope}s exactly.
 *
 * <p>Selected with {@code -Dppl.backend=tf}; configured by {@code -Dppl.tf.device=cpu|gpu|gpu:N}
 * (default: a GPU when one is visible), {@code -Dppl.threads}, {@code -Dppl.tf.log} and {@code
 * -Dppl.tf.onednn=true|false} (TensorFlow's oneDNN kernels; on by default) and {@code
 * -Dppl.tf.threadSpinning=true} (idle pool threads spin; off by default).
 */
public final class TfBackend implements Backend {
    private final TfContext tf;
    private final AtomicLong live = new AtomicLong();
    private final Set<Capability> capabilities;
    private final TfCompiler compiler;

    private TfBackend(TfContext tf) {
        this.tf = tf;
        this.compiler = new TfCompiler(this, tf);
        EnumSet<Capability> caps = EnumSet.of(Capability.FLOAT64, Capability.COMPILE);
        if (tf.device.startsWith("gpu")) {
            caps.add(Capability.GPU);
        }
        this.capabilities = Collections.unmodifiableSet(caps);
    }

    /** Loads TensorFlow and opens a backend with the given settings. */
    static TfBackend open(TfSettings settings) {
        return new TfBackend(TfContext.open(settings));
    }

    @Override
    public String name() {
        return "tf";
    }

    @Override
    public String version() {
        return tf.version;
    }

    @Override
    public String device() {
        return tf.device;
    }

    @Override
    public int threads() {
        return tf.threads;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** Every primitive, and the fused softplus and BCE with logits (see {@link TfKernels}). */
    @Override
    public boolean supports(Primitive p) {
        return !(p instanceof FusedOp) || p == FusedOp.SOFTPLUS || p == FusedOp.BCE_WITH_LOGITS;
    }

    @Override
    public Handle fromHost(float[] data, TensorType type) {
        return transfer("fromHost", type, c -> wrap(c.upload(data, type)));
    }

    @Override
    public Handle fromHost(double[] data, TensorType type) {
        return transfer("fromHost", type, c -> wrap(c.upload(data, type)));
    }

    @Override
    public float[] toFloats(Handle h, TensorType type) {
        TFE_TensorHandle p = nativeOf(h, "toFloats", type);
        return transfer("toFloats", type, c -> (float[]) c.download(p, type, false));
    }

    @Override
    public double[] toDoubles(Handle h, TensorType type) {
        TFE_TensorHandle p = nativeOf(h, "toDoubles", type);
        return transfer("toDoubles", type, c -> (double[]) c.download(p, type, true));
    }

    @Override
    public Handle execute(
            Primitive p, Attr attr, Handle[] in, TensorType[] inTypes, TensorType out) {
        TFE_TensorHandle[] hs = new TFE_TensorHandle[in.length];
        for (int i = 0; i < in.length; i++) {
            hs[i] = nativeOf(in[i], p.name(), inTypes);
        }
        try (TfCall c = tf.call()) {
            TFE_TensorHandle r = TfKernels.run(c, p, attr, hs, inTypes, out);
            if (p == LinalgOp.CHOLESKY && hasNaN(c, r, out)) {
                TFE_DeleteTensorHandle(r);
                throw LinalgOp.notPositiveDefinite("tf", inTypes[0], -1, "NaN in TF's factor");
            }
            return wrap(r);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(p.name() + " (" + attr + ")", inTypes, e);
        }
    }

    /**
     * Whether {@code x} holds a NaN: TF's Cholesky returns NaN for a matrix that is not positive
     * definite instead of failing, so an eager factorization is checked here at the cost of one
     * scalar read (a compiled step's finite flag catches the NaN instead, and its eager re-run
     * fails here).
     */
    private static boolean hasNaN(TfCall c, TFE_TensorHandle x, TensorType type) {
        if (type.shape().size() == 0) {
            return false;
        }
        int[] axes = new int[type.shape().rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        TFE_TensorHandle nan = c.temp(c.op("IsNan").in(x).exec());
        TFE_TensorHandle any = c.temp(c.op("Any").in(nan).in(c.ints(axes)).exec());
        TFE_TensorHandle f = c.temp(c.op("Cast").in(any).attr("DstT", DType.F32).exec());
        return ((float[]) c.download(f, new TensorType(Shape.scalar(), DType.F32), false))[0] != 0;
    }

    @Override
    public void release(Handle h) {
        if (!(h instanceof TfHandle th)) {
            throw notOurs(h);
        }
        TFE_TensorHandle p = th.take();
        if (p != null) {
            TFE_DeleteTensorHandle(p);
            live.decrementAndGet();
        }
    }

    @Override
    public long liveHandles() {
        return live.get();
    }

    /** Compiles traced programs to TF functions run by the eager context. */
    @Override
    public org.ppl4j.spi.Compiler compiler() {
        return compiler;
    }

    /** Takes ownership of a handle a compiled program returned. */
    Handle adopt(TFE_TensorHandle p) {
        return wrap(p);
    }

    /** The native handle behind {@code h} (for compiled programs' inputs). */
    TFE_TensorHandle nativeHandle(Handle h, String what) {
        return nativeOf(h, what);
    }

    private Handle wrap(TFE_TensorHandle p) {
        live.incrementAndGet();
        return new TfHandle(p);
    }

    private <T> T transfer(String what, TensorType type, Function<TfCall, T> work) {
        try (TfCall c = tf.call()) {
            return work.apply(c);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(what, new TensorType[] {type}, e);
        }
    }

    private TFE_TensorHandle nativeOf(Handle h, String what, TensorType... types) {
        if (!(h instanceof TfHandle th)) {
            throw notOurs(h);
        }
        TFE_TensorHandle p = th.get();
        if (p == null) {
            throw new BackendException(
                    "backend 'tf': "
                            + what
                            + " on inputs "
                            + Arrays.toString(types)
                            + " got a handle that was already released");
        }
        return p;
    }

    private static BackendException failure(String what, TensorType[] types, RuntimeException e) {
        return new BackendException(
                "backend 'tf' failed in "
                        + what
                        + " on inputs "
                        + Arrays.toString(types)
                        + ": "
                        + (e instanceof TfStatusException ? e.getMessage() : e.toString()),
                e);
    }

    private static BackendException notOurs(Handle h) {
        return new BackendException(
                "backend 'tf' got a handle it did not make ("
                        + (h == null ? "null" : h.getClass().getName())
                        + "); tensors of two backends cannot be mixed");
    }
}
