package org.ppl4j.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteTensorHandle;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewTensorHandle;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleCopyToDevice;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleDeviceName;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_TensorHandleResolve;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_AllocateTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DOUBLE;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FLOAT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT32;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT64;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorByteSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.TensorType;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;

/**
 * One backend call's native work: a status, the ops it runs, and the intermediate handles it makes
 * (shape vectors, constants, partial results), all freed on {@link #close()}. Only the handle
 * returned to the caller survives.
 */
final class TfCall implements TfBuilder<TFE_TensorHandle>, AutoCloseable {
    final TfContext tf;
    final TF_Status status = TF_NewStatus();
    private final List<TFE_TensorHandle> temps = new ArrayList<>(4);

    TfCall(TfContext tf) {
        this.tf = tf;
    }

    /**
     * Starts building the TF op {@code type}, pinned to the context's device when that is a GPU.
     */
    @Override
    public TfOp op(String type) {
        return new TfOp(this, type);
    }

    /** Registers an intermediate handle to be deleted when this call closes. */
    @Override
    public TFE_TensorHandle temp(TFE_TensorHandle h) {
        temps.add(h);
        return h;
    }

    /** An int32 vector (shapes, axes, permutations, indices), freed with the call. */
    @Override
    public TFE_TensorHandle ints(int... v) {
        TF_Tensor t = allocate(TF_INT32, new long[] {v.length}, 4L * v.length);
        try {
            if (v.length > 0) {
                new IntPointer(TF_TensorData(t)).capacity(v.length).put(v);
            }
            return temp(handle(t));
        } finally {
            TF_DeleteTensor(t);
        }
    }

    /** An int32 tensor of the given shape, freed with the call. */
    @Override
    public TFE_TensorHandle ints(int[] v, long... dims) {
        TF_Tensor t = allocate(TF_INT32, dims, 4L * v.length);
        try {
            if (v.length > 0) {
                new IntPointer(TF_TensorData(t)).capacity(v.length).put(v);
            }
            return temp(handle(t));
        } finally {
            TF_DeleteTensor(t);
        }
    }

    /** An int32 scalar, freed with the call. */
    @Override
    public TFE_TensorHandle intScalar(int v) {
        return ints(new int[] {v}, new long[0]);
    }

    /** A scalar of {@code dtype} (rounded to it), freed with the call. */
    @Override
    public TFE_TensorHandle scalar(double v, DType dtype) {
        return temp(upload(new double[] {v}, new TensorType(Shape.scalar(), dtype)));
    }

    /** A new handle holding {@code data} (float[] or double[]) as {@code type}, on the device. */
    @Override
    public TFE_TensorHandle upload(Object data, TensorType type) {
        TF_Tensor t = hostTensor(data, type);
        try {
            TFE_TensorHandle host = handle(t);
            if (!tf.gpu) {
                return host;
            }
            try {
                TFE_TensorHandle dev =
                        TFE_TensorHandleCopyToDevice(host, tf.ctx, tf.placement, status);
                check();
                return dev;
            } finally {
                TFE_DeleteTensorHandle(host);
            }
        } finally {
            TF_DeleteTensor(t);
        }
    }

    /**
     * A new host {@code TF_Tensor} holding {@code data} (float[] or double[]) as {@code type}; the
     * caller deletes it.
     */
    static TF_Tensor hostTensor(Object data, TensorType type) {
        int n = type.shape().size();
        int len = data instanceof float[] f ? f.length : ((double[]) data).length;
        if (len != n) {
            throw new IllegalArgumentException(
                    len + " values do not fill " + type + " (" + n + " elements)");
        }
        TF_Tensor t =
                allocate(tfType(type.dtype()), dims(type), (long) n * type.dtype().byteSize());
        if (n > 0) {
            write(TF_TensorData(t), data, type.dtype(), n);
        }
        return t;
    }

    /**
     * The elements of {@code h}, copied to the host as float[] or double[] per {@code asDouble}.
     */
    Object download(TFE_TensorHandle h, TensorType type, boolean asDouble) {
        int n = type.shape().size();
        TF_Tensor t = TFE_TensorHandleResolve(h, status);
        check();
        try {
            long bytes = TF_TensorByteSize(t);
            if (bytes != (long) n * type.dtype().byteSize()) {
                throw new IllegalArgumentException(
                        "the handle holds " + bytes + " bytes, not a " + type);
            }
            Pointer p = n == 0 ? null : TF_TensorData(t);
            if (!type.dtype().isFloating()) {
                double[] d = readIntegers(p, type.dtype(), n);
                return asDouble ? d : toFloats(d);
            }
            if (type.dtype() == DType.F32) {
                float[] f = new float[n];
                if (n > 0) {
                    new FloatPointer(p).capacity(n).get(f);
                }
                return asDouble ? toDoubles(f) : f;
            }
            double[] d = new double[n];
            if (n > 0) {
                new DoublePointer(p).capacity(n).get(d);
            }
            return asDouble ? d : toFloats(d);
        } finally {
            TF_DeleteTensor(t);
        }
    }

    /** The TF device name of the op that produced {@code h}. */
    String deviceOf(TFE_TensorHandle h) {
        String name = TFE_TensorHandleDeviceName(h, status).getString();
        check();
        return name;
    }

    /** Throws the TF error held in the status, if any. */
    void check() {
        int code = TF_GetCode(status);
        if (code != TF_OK) {
            throw new TfStatusException(code, TF_Message(status).getString());
        }
    }

    static int tfType(DType d) {
        return switch (d) {
            case F32 -> TF_FLOAT;
            case F64 -> TF_DOUBLE;
            case I32 -> TF_INT32;
            case I64 -> TF_INT64;
        };
    }

    static long[] dims(TensorType type) {
        int[] s = type.shape().toArray();
        long[] d = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = s[i];
        }
        return d;
    }

    private static TF_Tensor allocate(int dtype, long[] dims, long bytes) {
        TF_Tensor t = TF_AllocateTensor(dtype, dims, dims.length, bytes);
        if (t == null || t.isNull()) {
            throw new TfStatusException(8, "could not allocate " + bytes + " bytes on the host");
        }
        return t;
    }

    private TFE_TensorHandle handle(TF_Tensor t) {
        TFE_TensorHandle h = TFE_NewTensorHandle(t, status);
        check();
        return h;
    }

    private static double[] readIntegers(Pointer p, DType dtype, int n) {
        double[] d = new double[n];
        if (n == 0) {
            return d;
        }
        if (dtype == DType.I32) {
            IntPointer ip = new IntPointer(p).capacity(n);
            for (int i = 0; i < n; i++) {
                d[i] = ip.get(i);
            }
        } else {
            LongPointer lp = new LongPointer(p).capacity(n);
            for (int i = 0; i < n; i++) {
                d[i] = lp.get(i);
            }
        }
        return d;
    }

    private static void write(Pointer p, Object data, DType dtype, int n) {
        if (!dtype.isFloating()) {
            double[] d = data instanceof double[] a ? a : toDoubles((float[]) data);
            if (dtype == DType.I32) {
                IntPointer ip = new IntPointer(p).capacity(n);
                for (int i = 0; i < n; i++) {
                    ip.put(i, (int) d[i]);
                }
            } else {
                LongPointer lp = new LongPointer(p).capacity(n);
                for (int i = 0; i < n; i++) {
                    lp.put(i, (long) d[i]);
                }
            }
            return;
        }
        if (dtype == DType.F32) {
            float[] f = data instanceof float[] a ? a : toFloats((double[]) data);
            new FloatPointer(p).capacity(n).put(f, 0, n);
        } else {
            double[] d = data instanceof double[] a ? a : toDoubles((float[]) data);
            new DoublePointer(p).capacity(n).put(d, 0, n);
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Override
    public void close() {
        for (TFE_TensorHandle h : temps) {
            TFE_DeleteTensorHandle(h);
        }
        temps.clear();
        TF_DeleteStatus(status);
    }
}
