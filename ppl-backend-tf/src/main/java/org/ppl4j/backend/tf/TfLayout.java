package org.ppl4j.backend.tf;

import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.TensorType;

/** The layout primitives (reshape, broadcast, transpose, slice, pad, concat, gather, scatter). */
final class TfLayout {
    private TfLayout() {}

    static <V> V run(TfBuilder<V> c, LayoutOp l, Attr attr, V[] in, TensorType[] types) {
        V x = in[0];
        return switch (l) {
            case RESHAPE ->
                    c.op("Reshape").in(x).in(c.ints(((Attr.To) attr).shape().toArray())).exec();
            case BROADCAST_TO ->
                    c.op("BroadcastTo").in(x).in(c.ints(((Attr.To) attr).shape().toArray())).exec();
            case TRANSPOSE -> c.op("Transpose").in(x).in(c.ints(((Attr.Perm) attr).perm())).exec();
            case SLICE -> slice(c, (Attr.Window) attr, x);
            case PAD -> pad(c, (Attr.Padding) attr, x);
            case CONCAT ->
                    in.length == 1
                            ? c.op("Identity").in(x).exec()
                            : c.op("ConcatV2")
                                    .in(in)
                                    .in(c.intScalar(((Attr.Axis) attr).axis()))
                                    .exec();
            case GATHER -> {
                Attr.Index g = (Attr.Index) attr;
                yield c.op("GatherV2")
                        .in(x)
                        .in(c.ints(g.indices()))
                        .in(c.intScalar(g.axis()))
                        .exec();
            }
            case SCATTER_ADD -> scatterAdd(c, (Attr.Index) attr, x, types[0].shape());
            case INDEX_SELECT ->
                    c.op("GatherV2")
                            .in(x)
                            .in(in[1])
                            .in(c.intScalar(((Attr.IndexAxis) attr).axis()))
                            .exec();
            case INDEX_ADD -> indexAdd(c, (Attr.IndexAxis) attr, x, in[1], types[0].shape());
        };
    }

    /**
     * UnsortedSegmentSum sums along the leading axis, so the axis is moved to the front, summed
     * into {@code size} segments by the index values, and moved back.
     */
    private static <V> V indexAdd(TfBuilder<V> c, Attr.IndexAxis a, V data, V index, Shape s) {
        int[] perm = TfLayout.axisFirst(s.rank(), a.axis());
        V front = a.axis() == 0 ? data : c.temp(c.op("Transpose").in(data).in(c.ints(perm)).exec());
        V sums = c.op("UnsortedSegmentSum").in(front).in(index).in(c.intScalar(a.size())).exec();
        if (a.axis() == 0) {
            return sums;
        }
        c.temp(sums);
        return c.op("Transpose").in(sums).in(c.ints(inverse(perm))).exec();
    }

    /** The permutation that moves {@code axis} to the front, keeping the others in order. */
    static int[] axisFirst(int rank, int axis) {
        int[] perm = new int[rank];
        perm[0] = axis;
        for (int i = 0, j = 1; i < rank; i++) {
            if (i != axis) {
                perm[j++] = i;
            }
        }
        return perm;
    }

    /** The inverse permutation. */
    static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    private static <V> V slice(TfBuilder<V> c, Attr.Window w, V x) {
        int[] begin = w.begin();
        int[] size = w.end();
        for (int i = 0; i < size.length; i++) {
            size[i] -= begin[i];
        }
        return c.op("Slice").in(x).in(c.ints(begin)).in(c.ints(size)).exec();
    }

    private static <V> V pad(TfBuilder<V> c, Attr.Padding p, V x) {
        int[] before = p.before();
        int[] after = p.after();
        int[] paddings = new int[2 * before.length];
        for (int i = 0; i < before.length; i++) {
            paddings[2 * i] = before[i];
            paddings[2 * i + 1] = after[i];
        }
        return c.op("Pad").in(x).in(c.ints(paddings, before.length, 2)).exec();
    }

    /**
     * UnsortedSegmentSum sums along leading axes only, so the input is viewed as {@code [outer,
     * count, inner]}, slice {@code (o, i)} goes to segment {@code o * size + indices[i]}, and the
     * {@code [outer * size, inner]} result is viewed in the output shape. Reshapes copy nothing.
     */
    private static <V> V scatterAdd(TfBuilder<V> c, Attr.Index x, V data, Shape s) {
        int axis = x.axis();
        int outer = s.sub(0, axis).size();
        int inner = s.sub(axis + 1, s.rank()).size();
        int count = x.count();
        int size = x.size();
        int[] ids = new int[outer * count];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < count; i++) {
                ids[o * count + i] = o * size + x.index(i);
            }
        }
        V view = c.temp(c.op("Reshape").in(data).in(c.ints(outer, count, inner)).exec());
        V sums =
                c.temp(
                        c.op("UnsortedSegmentSum")
                                .in(view)
                                .in(c.ints(ids, outer, count))
                                .in(c.intScalar(outer * size))
                                .exec());
        int[] out = s.toArray();
        out[axis] = size;
        return c.op("Reshape").in(sums).in(c.ints(out)).exec();
    }
}
