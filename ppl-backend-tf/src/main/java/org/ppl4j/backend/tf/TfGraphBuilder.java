package org.ppl4j.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_AddInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_AddInputList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_AllocateTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FinishOperation;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT32;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewOperation;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrBool;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetAttrType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetDevice;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.TensorType;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_OperationDescription;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Tensor;

/**
 * Adds TF ops to a {@code TF_Graph} that will become one TF function (see {@link TfCompiler}):
 * values are op outputs, host data becomes {@code Const} ops, inputs are {@code Placeholder}s. The
 * native structs it allocates are freed by {@link #close}.
 */
final class TfGraphBuilder implements TfBuilder<TF_Output>, AutoCloseable {
    private final TF_Graph graph;
    private final TfCall status;
    private final String device;
    private final List<Pointer> allocated = new ArrayList<>();
    private int names;

    /**
     * @param graph the graph ops are added to
     * @param status a call whose status reports failures (and whose upload code makes constants)
     * @param device the TF device every op is pinned to, or null to let TF place them
     */
    TfGraphBuilder(TF_Graph graph, TfCall status, String device) {
        this.graph = graph;
        this.status = status;
        this.device = device;
    }

    @Override
    public GraphOp op(String type) {
        return new GraphOp(type);
    }

    /** A placeholder for input number {@code index}. */
    TF_Output placeholder(int index, TensorType type) {
        GraphOp op = new GraphOp("Placeholder");
        TF_SetAttrType(op.desc, "dtype", TfCall.tfType(type.dtype()));
        TF_SetAttrShape(op.desc, "shape", TfCall.dims(type), type.shape().rank());
        return op.exec();
    }

    @Override
    public TF_Output ints(int... v) {
        return ints(v, new long[] {v.length});
    }

    @Override
    public TF_Output ints(int[] v, long... dims) {
        TF_Tensor t = TF_AllocateTensor(TF_INT32, dims, dims.length, 4L * v.length);
        try {
            if (v.length > 0) {
                new IntPointer(TF_TensorData(t)).capacity(v.length).put(v);
            }
            return constant(t, TF_INT32);
        } finally {
            TF_DeleteTensor(t);
        }
    }

    @Override
    public TF_Output intScalar(int v) {
        return ints(new int[] {v}, new long[0]);
    }

    @Override
    public TF_Output scalar(double v, DType dtype) {
        return upload(new double[] {v}, new TensorType(Shape.scalar(), dtype));
    }

    @Override
    public TF_Output upload(Object data, TensorType type) {
        TF_Tensor t = TfCall.hostTensor(data, type);
        try {
            return constant(t, TfCall.tfType(type.dtype()));
        } finally {
            TF_DeleteTensor(t);
        }
    }

    @Override
    public TF_Output temp(TF_Output v) {
        return v;
    }

    private TF_Output constant(TF_Tensor t, int tfType) {
        GraphOp op = new GraphOp("Const");
        TF_SetAttrTensor(op.desc, "value", t, status.status);
        status.check();
        TF_SetAttrType(op.desc, "dtype", tfType);
        return op.exec();
    }

    /** Frees the op outputs' native structs (the graph keeps its own copies). */
    @Override
    public void close() {
        allocated.forEach(Pointer::close);
        allocated.clear();
    }

    /** One graph op being described. */
    final class GraphOp implements TfOpBuilder<TF_Output> {
        final TF_OperationDescription desc;

        GraphOp(String type) {
            desc = TF_NewOperation(graph, type, type + "_" + names++);
            if (device != null) {
                TF_SetDevice(desc, device);
            }
        }

        @Override
        public GraphOp in(TF_Output v) {
            TF_AddInput(desc, v);
            return this;
        }

        @Override
        public GraphOp in(TF_Output[] vs) {
            TF_Output list = new TF_Output(vs.length);
            allocated.add(list);
            for (int i = 0; i < vs.length; i++) {
                list.position(i).oper(vs[i].oper()).index(vs[i].index());
            }
            TF_AddInputList(desc, list.position(0), vs.length);
            return this;
        }

        @Override
        public GraphOp attr(String name, boolean value) {
            TF_SetAttrBool(desc, name, (byte) (value ? 1 : 0));
            return this;
        }

        @Override
        public GraphOp attr(String name, DType value) {
            return attrType(name, TfCall.tfType(value));
        }

        @Override
        public GraphOp attrType(String name, int tfType) {
            TF_SetAttrType(desc, name, tfType);
            return this;
        }

        @Override
        public TF_Output exec() {
            TF_Operation op = TF_FinishOperation(desc, status.status);
            status.check();
            TF_Output out = new TF_Output().oper(op).index(0);
            allocated.add(out);
            return out;
        }
    }
}
