package org.ppl4j.backend.nd4j;

import static org.ppl4j.backend.nd4j.Nd4jArrays.dims;
import static org.ppl4j.backend.nd4j.Nd4jArrays.exec;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.TensorType;

/**
 * Layout kernels. ND4J answers reshape, permute and slice with views that share (and, for permute,
 * would free on close) the input's buffer, so every kernel here writes a fresh output instead.
 */
final class Nd4jLayout {
    private final Nd4jArrays arrays;

    Nd4jLayout(Nd4jArrays arrays) {
        this.arrays = arrays;
    }

    INDArray apply(LayoutOp op, Attr attr, INDArray[] in, TensorType out) {
        INDArray x = in[0];
        return switch (op) {
            case RESHAPE, BROADCAST_TO -> reshapeOrBroadcast(x, out);
            case TRANSPOSE -> transpose(x, ((Attr.Perm) attr).perm(), out);
            case SLICE -> slice(x, (Attr.Window) attr, out);
            case PAD -> pad(x, (Attr.Padding) attr, out);
            case CONCAT -> concat(in, ((Attr.Axis) attr).axis(), out);
            case GATHER -> gather(x, (Attr.Index) attr, out);
            case SCATTER_ADD -> scatterAdd(x, (Attr.Index) attr, out);
            // The index vector is small and on the host already (a CPU backend).
            case INDEX_SELECT ->
                    gather(x, ((Attr.IndexAxis) attr).withIndices(Nd4jArrays.doubles(in[1])), out);
            case INDEX_ADD ->
                    scatterAdd(
                            x, ((Attr.IndexAxis) attr).withIndices(Nd4jArrays.doubles(in[1])), out);
        };
    }

    private INDArray reshapeOrBroadcast(INDArray x, TensorType out) {
        long[] to = dims(out.shape());
        if (x.length() == out.shape().size()) {
            return arrays.copy(x, to); // same elements in the same row-major order
        }
        return arrays.broadcast(x, to);
    }

    private INDArray transpose(INDArray x, int[] perm, TensorType out) {
        INDArray z = arrays.alloc(out);
        z.assign(x.rank() < 2 ? x : x.permute(perm));
        return z;
    }

    private INDArray slice(INDArray x, Attr.Window w, TensorType out) {
        int[] begin = w.begin();
        int[] end = w.end();
        int rank = begin.length;
        if (rank == 0 || out.shape().size() == x.length()) {
            return arrays.copy(x);
        }
        int[] args = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            args[i] = begin[i];
            args[rank + i] = end[i] - begin[i];
        }
        return exec("slice", arrays.alloc(out), args, x);
    }

    private INDArray pad(INDArray x, Attr.Padding p, TensorType out) {
        if (out.shape().size() == x.length()) {
            return arrays.copy(x);
        }
        int[] before = p.before();
        int[] after = p.after();
        int[][] widths = new int[before.length][];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = new int[] {before[i], after[i]};
        }
        INDArray paddings = Nd4j.createFromArray(widths);
        try {
            INDArray z = arrays.alloc(out);
            Nd4j.exec(
                    DynamicCustomOp.builder("pad")
                            .addInputs(x, paddings)
                            .addOutputs(z)
                            .addIntegerArguments(0) // CONSTANT mode
                            .addFloatingPointArguments(0.0)
                            .build());
            return z;
        } finally {
            paddings.close();
        }
    }

    private INDArray concat(INDArray[] in, int axis, TensorType out) {
        List<INDArray> parts = new ArrayList<>();
        for (INDArray x : in) {
            if (!x.isEmpty()) {
                parts.add(x);
            }
        }
        if (parts.size() == 1) {
            return arrays.copy(parts.get(0));
        }
        return exec("concat", arrays.alloc(out), new int[] {axis}, parts.toArray(new INDArray[0]));
    }

    private INDArray gather(INDArray x, Attr.Index ix, TensorType out) {
        INDArray indices = Nd4j.createFromArray(ix.indices());
        try {
            return exec("gather", arrays.alloc(out), new int[] {ix.axis()}, x, indices);
        } finally {
            indices.close();
        }
    }

    /**
     * Adds slice {@code i} along the axis into slice {@code indices[i]} of zeros, on the host, in
     * index order. libnd4j's segment sums mistake {@code [1, n]} and {@code [n, 1]} inputs for
     * vectors and return wrong sums, and the gradient of a gather is rarely large.
     */
    private INDArray scatterAdd(INDArray x, Attr.Index ix, TensorType out) {
        long[] dims = x.shape();
        int axis = ix.axis();
        int count = ix.count();
        int size = ix.size();
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < dims.length; i++) {
            if (i < axis) {
                outer *= (int) dims[i];
            } else if (i > axis) {
                inner *= (int) dims[i];
            }
        }
        double[] v = Nd4jArrays.doubles(x);
        double[] r = new double[outer * size * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < count; i++) {
                int from = (o * count + i) * inner;
                int to = (o * size + ix.index(i)) * inner;
                for (int k = 0; k < inner; k++) {
                    r[to + k] += v[from + k];
                }
            }
        }
        return arrays.upload(r, out);
    }
}
