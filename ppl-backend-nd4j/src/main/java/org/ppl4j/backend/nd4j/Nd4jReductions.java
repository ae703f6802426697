package org.ppl4j.backend.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.bool.IsNaN;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.TensorType;

/**
 * SUM, MAX and MIN over axes with keep-dims, on libnd4j's {@code reduce_*} ops.
 *
 * <p>libnd4j's max/min skip NaN; PyTorch's {@code amax}/{@code amin} return NaN for a slice that
 * holds one, so after one cheap any-NaN check the NaN slices are marked and overwritten.
 */
final class Nd4jReductions {
    private final Nd4jArrays arrays;
    private final Nd4jElementwise elementwise;

    Nd4jReductions(Nd4jArrays arrays, Nd4jElementwise elementwise) {
        this.arrays = arrays;
        this.elementwise = elementwise;
    }

    INDArray reduce(ReduceOp op, Attr.Axes attr, INDArray x, TensorType out) {
        int[] axes = attr.axes();
        if (axes.length == 0) {
            return arrays.copy(x);
        }
        String name =
                switch (op) {
                    case SUM -> "reduce_sum";
                    case MAX -> "reduce_max";
                    case MIN -> "reduce_min";
                };
        INDArray z = run(name, x, arrays.alloc(out), axes, attr.keepDims());
        if (op == ReduceOp.SUM || !Nd4jHost.hasNaN(x)) {
            return z;
        }
        return markNaNSlices(x, z, axes, attr.keepDims(), out);
    }

    private static INDArray run(String name, INDArray x, INDArray z, int[] axes, boolean keep) {
        Nd4j.exec(
                DynamicCustomOp.builder(name)
                        .addInputs(x)
                        .addOutputs(z)
                        .addIntegerArguments(axes)
                        .addBooleanArguments(keep)
                        .build());
        return z;
    }

    /** {@code z} with NaN where the reduced slice of {@code x} holds a NaN; frees {@code z}. */
    private INDArray markNaNSlices(
            INDArray x, INDArray z, int[] axes, boolean keep, TensorType out) {
        INDArray isNaN = arrays.alloc(DataType.BOOL, x.shape());
        INDArray asNumber = arrays.alloc(x.dataType(), x.shape());
        INDArray any = null;
        INDArray nan = arrays.alloc(x.dataType(), new long[0]);
        try {
            Nd4jHost.fill(nan, Double.NaN);
            Nd4j.getExecutioner().exec(new IsNaN(x, isNaN));
            Nd4jElementwise.convert(isNaN, asNumber);
            any = run("reduce_max", asNumber, arrays.alloc(out), axes, keep);
            return elementwise.where(any, nan, z, out);
        } finally {
            arrays.free(new INDArray[0], isNaN, asNumber, any, nan, z);
        }
    }
}
