package org.ppl4j.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextRemoveFunction;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_Execute;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetDevice;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteFunction;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.ppl4j.spi.Executable;
import org.ppl4j.spi.Graph;
import org.ppl4j.spi.Handle;
import org.tensorflow.internal.c_api.TFE_Op;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Function;

/** A registered TF function run once per {@link #run} as one eager op. */
final class TfProgram implements Executable {
    private final TfBackend backend;
    private final TfContext tf;
    private final String name;
    private final TF_Function fn;
    private final int inputs;
    private final int outputs;
    private boolean closed;

    TfProgram(TfBackend backend, TfContext tf, String name, TF_Function fn, Graph g) {
        this.backend = backend;
        this.tf = tf;
        this.name = name;
        this.fn = fn;
        this.inputs = g.inputs().size();
        this.outputs = g.outputs().length;
    }

    @Override
    public Handle[] run(Handle[] in) {
        if (closed) {
            throw new IllegalStateException("this compiled TF program was closed");
        }
        if (in.length != inputs) {
            throw new IllegalArgumentException(
                    "the program takes " + inputs + " inputs, got " + in.length);
        }
        try (TfCall c = tf.call();
                PointerPointer<TFE_TensorHandle> out = new PointerPointer<>(outputs)) {
            TFE_Op op = TFE_NewOp(tf.ctx, name, c.status);
            c.check();
            try {
                if (tf.gpu) {
                    TFE_OpSetDevice(op, tf.placement, c.status);
                    c.check();
                }
                for (Handle h : in) {
                    TFE_OpAddInput(op, backend.nativeHandle(h, name), c.status);
                    c.check();
                }
                try (IntPointer n = new IntPointer(1)) {
                    n.put(outputs);
                    TFE_Execute(op, out, n, c.status);
                    c.check();
                    if (n.get() != outputs) {
                        throw new TfStatusException(
                                13, name + " returned " + n.get() + " outputs, not " + outputs);
                    }
                }
            } finally {
                TFE_DeleteOp(op);
            }
            Handle[] result = new Handle[outputs];
            for (int i = 0; i < outputs; i++) {
                result[i] = backend.adopt(out.get(TFE_TensorHandle.class, i));
            }
            return result;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (TfCall c = tf.call()) {
            TFE_ContextRemoveFunction(tf.ctx, name, c.status);
        }
        TF_DeleteFunction(fn);
    }
}
