package org.ppl4j.tck.conformance;

import java.util.Arrays;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.ReduceOp;

/**
 * Random applications of the primitives whose shapes and attributes are the hard part: reductions,
 * matmul and layout ops. Values come from the caller's domain, so the value suite and the gradient
 * suite share the shape logic.
 */
final class StructuralCases {
    private StructuralCases() {}

    /** A reduction over random axes; empty reduced axes only for SUM (MAX/MIN have no identity). */
    static OpCase reduce(ReduceOp op, Samples s, Domain d, DType dt) {
        Shape shape = s.shape(0, 4, 4, true);
        int[] axes = s.axes(shape.rank());
        if (op != ReduceOp.SUM) {
            axes = Arrays.stream(axes).filter(a -> shape.dim(a) > 0).toArray();
        }
        boolean keep = s.coin();
        return OpCase.of("random", op, new Attr.Axes(axes, keep), dt, s.tensor(shape, d, dt));
    }

    /** {@code op(a) @ op(b)} with random batch axes and sizes (some zero). */
    static OpCase matmul(Samples s, Domain d, DType dt, boolean ta, boolean tb) {
        Shape batch = s.shape(0, 2, 3, s.random().nextInt(8) == 0);
        int m = s.dim(5, true);
        int k = s.dim(5, true);
        int n = s.dim(5, true);
        Shape a = batch.concat(ta ? Shape.of(k, m) : Shape.of(m, k));
        Shape b = batch.concat(tb ? Shape.of(n, k) : Shape.of(k, n));
        return OpCase.of(
                "random m=" + m + " k=" + k + " n=" + n,
                MatmulOp.MATMUL,
                new Attr.Transpose(ta, tb),
                dt,
                s.tensor(a, d, dt),
                s.tensor(b, d, dt));
    }

    /** A layout op with random shape and attributes. */
    static OpCase layout(LayoutOp op, Samples s, Domain d, DType dt) {
        return switch (op) {
            case RESHAPE -> reshape(s, d, dt);
            case BROADCAST_TO -> broadcastTo(s, d, dt);
            case TRANSPOSE -> {
                Shape shape = s.shape(0, 4, 4, true);
                yield OpCase.of(
                        "random",
                        op,
                        new Attr.Perm(s.permutation(shape.rank())),
                        dt,
                        s.tensor(shape, d, dt));
            }
            case SLICE -> slice(s, d, dt);
            case PAD -> {
                Shape shape = s.shape(0, 4, 3, true);
                int[] before = new int[shape.rank()];
                int[] after = new int[shape.rank()];
                for (int i = 0; i < before.length; i++) {
                    before[i] = s.between(0, 2);
                    after[i] = s.between(0, 2);
                }
                yield OpCase.of(
                        "random", op, new Attr.Padding(before, after), dt, s.tensor(shape, d, dt));
            }
            case CONCAT -> concat(s, d, dt);
            case GATHER -> gather(s, d, dt);
            case SCATTER_ADD -> scatterAdd(s, d, dt);
            case INDEX_SELECT, INDEX_ADD ->
                    throw new IllegalArgumentException(
                            op + " takes an integer index tensor: see IndexConformanceTest");
        };
    }

    private static OpCase reshape(Samples s, Domain d, DType dt) {
        Shape shape = s.shape(0, 4, 4, true);
        int[] dims = shape.toArray();
        int[] to;
        switch (s.between(0, 3)) {
            case 0 -> to = new int[] {shape.size()};
            case 1 -> {
                int[] p = s.permutation(dims.length);
                to = new int[dims.length];
                for (int i = 0; i < to.length; i++) {
                    to[i] = dims[p[i]];
                }
            }
            case 2 -> {
                int at = s.between(0, dims.length);
                to = new int[dims.length + 1];
                for (int i = 0, j = 0; i < to.length; i++) {
                    to[i] = i == at ? 1 : dims[j++];
                }
            }
            default -> {
                if (dims.length < 2) {
                    to = new int[] {1, shape.size()};
                } else {
                    // merge axes at and at + 1
                    int at = s.between(0, dims.length - 2);
                    to = new int[dims.length - 1];
                    for (int i = 0; i < to.length; i++) {
                        to[i] = i < at ? dims[i] : i == at ? dims[i] * dims[i + 1] : dims[i + 1];
                    }
                }
            }
        }
        return OpCase.of(
                "random", LayoutOp.RESHAPE, new Attr.To(Shape.of(to)), dt, s.tensor(shape, d, dt));
    }

    private static OpCase broadcastTo(Samples s, Domain d, DType dt) {
        Shape from = s.broadcastable(1, true)[0];
        int lead = s.between(0, 2);
        int[] to = new int[lead + from.rank()];
        for (int i = 0; i < to.length; i++) {
            int f = i < lead ? 1 : from.dim(i - lead);
            to[i] = f == 1 ? s.dim(4, true) : f;
        }
        return OpCase.of(
                "random",
                LayoutOp.BROADCAST_TO,
                new Attr.To(Shape.of(to)),
                dt,
                s.tensor(from, d, dt));
    }

    private static OpCase slice(Samples s, Domain d, DType dt) {
        Shape shape = s.shape(0, 4, 5, true);
        int[] b = new int[shape.rank()];
        int[] e = new int[shape.rank()];
        for (int i = 0; i < b.length; i++) {
            b[i] = s.between(0, shape.dim(i));
            e[i] = s.between(b[i], shape.dim(i));
        }
        return OpCase.of(
                "random", LayoutOp.SLICE, new Attr.Window(b, e), dt, s.tensor(shape, d, dt));
    }

    private static OpCase concat(Samples s, Domain d, DType dt) {
        Shape base = s.shape(1, 4, 3, true);
        int axis = s.between(0, base.rank() - 1);
        HostTensor[] parts = new HostTensor[s.between(1, 3)];
        for (int k = 0; k < parts.length; k++) {
            int[] dims = base.toArray();
            dims[axis] = s.between(0, 3);
            parts[k] = s.tensor(Shape.of(dims), d, dt);
        }
        return OpCase.of("random", LayoutOp.CONCAT, new Attr.Axis(axis), dt, parts);
    }

    private static OpCase gather(Samples s, Domain d, DType dt) {
        Shape shape = s.shape(1, 4, 4, true);
        int axis = s.between(0, shape.rank() - 1);
        int size = shape.dim(axis);
        int[] idx = size == 0 ? new int[0] : s.indices(s.between(0, 5), size);
        return OpCase.of(
                "random",
                LayoutOp.GATHER,
                new Attr.Index(axis, idx, size),
                dt,
                s.tensor(shape, d, dt));
    }

    private static OpCase scatterAdd(Samples s, Domain d, DType dt) {
        Shape shape = s.shape(1, 4, 4, true);
        int axis = s.between(0, shape.rank() - 1);
        int count = shape.dim(axis);
        int size = count == 0 ? s.between(0, 3) : s.between(1, 4);
        return OpCase.of(
                "random",
                LayoutOp.SCATTER_ADD,
                new Attr.Index(axis, s.indices(count, size), size),
                dt,
                s.tensor(shape, d, dt));
    }
}
