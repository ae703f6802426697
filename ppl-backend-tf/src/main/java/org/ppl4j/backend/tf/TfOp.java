package org.ppl4j.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_Execute;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInputList;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrBool;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrType;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetDevice;

import org.bytedeco.javacpp.PointerPointer;
import org.ppl4j.core.DType;
import org.tensorflow.internal.c_api.TFE_Op;
import org.tensorflow.internal.c_api.TFE_TensorHandle;

/**
 * One TF eager op being built: inputs and attributes, then {@link #exec()} runs it synchronously
 * and frees the op. Type attributes ({@code T}, {@code N}...) are inferred by TF from the inputs.
 */
final class TfOp implements TfBuilder.TfOpBuilder<TFE_TensorHandle> {
    private final TfCall call;
    private final String type;
    private TFE_Op op;

    TfOp(TfCall call, String type) {
        this.call = call;
        this.type = type;
        this.op = TFE_NewOp(call.tf.ctx, type, call.status);
        call.check();
        if (call.tf.gpu) {
            // On the CPU there is no other device to choose, and parsing the name costs a
            // noticeable share of a small op.
            TFE_OpSetDevice(op, call.tf.placement, call.status);
            checkOrDelete();
        }
    }

    /** Adds the next input. */
    @Override
    public TfOp in(TFE_TensorHandle h) {
        TFE_OpAddInput(op, h, call.status);
        checkOrDelete();
        return this;
    }

    /** Adds a list input (e.g. ConcatV2's values). */
    @Override
    public TfOp in(TFE_TensorHandle[] hs) {
        try (PointerPointer<TFE_TensorHandle> list = new PointerPointer<>(hs)) {
            TFE_OpAddInputList(op, list, hs.length, call.status);
        }
        checkOrDelete();
        return this;
    }

    /** Sets a boolean attribute. */
    @Override
    public TfOp attr(String name, boolean value) {
        TFE_OpSetAttrBool(op, name, (byte) (value ? 1 : 0));
        return this;
    }

    /** Sets a dtype attribute. */
    @Override
    public TfOp attr(String name, DType value) {
        return attrType(name, TfCall.tfType(value));
    }

    /** Sets a dtype attribute to a TF type code ({@code TF_BOOL}...). */
    @Override
    public TfOp attrType(String name, int tfType) {
        TFE_OpSetAttrType(op, name, tfType);
        return this;
    }

    /** Runs the op and returns its single output, a new handle the caller owns. */
    @Override
    public TFE_TensorHandle exec() {
        try {
            TFE_TensorHandle out = new TFE_TensorHandle();
            int[] n = {1};
            TFE_Execute(op, out, n, call.status);
            call.check();
            if (n[0] != 1 || out.isNull()) {
                throw new TfStatusException(13, type + " returned " + n[0] + " outputs, not 1");
            }
            return out;
        } finally {
            TFE_DeleteOp(op);
            op = null;
        }
    }

    private void checkOrDelete() {
        try {
            call.check();
        } catch (RuntimeException e) {
            TFE_DeleteOp(op);
            op = null;
            throw e;
        }
    }
}
