package org.ppl4j.tck.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.TensorType;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * One application of a primitive to host inputs of one dtype: the unit the kit runs on the backend
 * under test and on the reference, then compares.
 */
record OpCase(String label, Primitive op, Attr attr, DType dtype, List<HostTensor> inputs) {
    OpCase {
        inputs = inputs.stream().map(t -> t.rounded(dtype)).toList();
    }

    static OpCase of(String label, Primitive op, Attr attr, DType dtype, HostTensor... inputs) {
        return new OpCase(label, op, attr, dtype, List.of(inputs));
    }

    /** The output type, as the API infers it. */
    TensorType outType() {
        TensorType[] t = new TensorType[inputs.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = new TensorType(inputs.get(i).shape(), dtype);
        }
        return op.infer(t, attr);
    }

    /** Applies the primitive to tensors already on a backend. */
    Tensor apply(Tensor... in) {
        return Dispatch.apply(op, attr, in);
    }

    /** Runs the case on {@code b} through the public tensor API and downloads the result. */
    HostTensor runOn(Backend b) {
        return runOn(b, InputLayout.CONTIGUOUS);
    }

    /** Runs the case with inputs that reach the primitive in the given layout. */
    HostTensor runOn(Backend b, InputLayout layout) {
        try (TensorScope scope = new TensorScope(b)) {
            Tensor out;
            if (inputs.isEmpty()) {
                out = Dispatch.create(b, op, attr);
            } else {
                Tensor[] in = new Tensor[inputs.size()];
                for (int i = 0; i < in.length; i++) {
                    in[i] = layout.upload(inputs.get(i), dtype);
                }
                out = apply(in);
            }
            return new HostTensor(out.shape(), out.toDoubleArray());
        }
    }

    /** The same case with input {@code i} replaced. */
    OpCase withInput(int i, HostTensor t) {
        List<HostTensor> in = new ArrayList<>(inputs);
        in.set(i, t);
        return new OpCase(label, op, attr, dtype, in);
    }

    /** The same case on the absolute values of its inputs. */
    OpCase onAbsoluteValues() {
        return new OpCase(
                label + " on |inputs|",
                op,
                attr,
                dtype,
                inputs.stream().map(HostTensor::abs).toList());
    }

    @Override
    public String toString() {
        String a =
                attr instanceof Attr.Index x
                        ? "axis="
                                + x.axis()
                                + ", indices="
                                + Arrays.toString(x.indices())
                                + ", size="
                                + x.size()
                        : attr.toString();
        return op + "(" + a + ") " + dtype + " " + label + " inputs " + inputs;
    }
}
