package org.ppl4j.testkit;

import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.TensorType;

/** The reference's layout kernels: each output element is read from (or added to) one place. */
final class ReferenceLayout {
    private ReferenceLayout() {}

    static double[] run(LayoutOp op, Attr attr, double[][] x, TensorType[] in, TensorType out) {
        Shape s = in[0].shape();
        Shape o = out.shape();
        return switch (op) {
            case RESHAPE -> x[0].clone();
            case BROADCAST_TO -> gatherFlat(x[0], ReferenceElementwise.broadcastMap(s, o));
            case TRANSPOSE -> transpose(x[0], s, o, ((Attr.Perm) attr).perm());
            case SLICE -> slice(x[0], s, o, ((Attr.Window) attr).begin());
            case PAD -> pad(x[0], s, o, ((Attr.Padding) attr).before());
            case CONCAT -> concat(x, in, o, ((Attr.Axis) attr).axis());
            case GATHER -> gather(x[0], s, o, (Attr.Index) attr);
            case SCATTER_ADD -> scatterAdd(x[0], s, o, (Attr.Index) attr);
            case INDEX_SELECT -> gather(x[0], s, o, ((Attr.IndexAxis) attr).withIndices(x[1]));
            case INDEX_ADD -> scatterAdd(x[0], s, o, ((Attr.IndexAxis) attr).withIndices(x[1]));
        };
    }

    private static double[] gatherFlat(double[] x, int[] from) {
        double[] r = new double[from.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[from[i]];
        }
        return r;
    }

    /** Output axis {@code i} is input axis {@code perm[i]}. */
    private static double[] transpose(double[] x, Shape s, Shape o, int[] perm) {
        int[] strides = s.strides();
        int[] dims = o.toArray();
        int[] c = new int[dims.length];
        int[] from = new int[o.size()];
        for (int flat = 0; flat < from.length; flat++) {
            ReferenceElementwise.unravel(flat, dims, c);
            int at = 0;
            for (int i = 0; i < dims.length; i++) {
                at += c[i] * strides[perm[i]];
            }
            from[flat] = at;
        }
        return gatherFlat(x, from);
    }

    private static double[] slice(double[] x, Shape s, Shape o, int[] begin) {
        int[] strides = s.strides();
        int[] dims = o.toArray();
        int[] c = new int[dims.length];
        int[] from = new int[o.size()];
        for (int flat = 0; flat < from.length; flat++) {
            ReferenceElementwise.unravel(flat, dims, c);
            int at = 0;
            for (int i = 0; i < dims.length; i++) {
                at += (c[i] + begin[i]) * strides[i];
            }
            from[flat] = at;
        }
        return gatherFlat(x, from);
    }

    private static double[] pad(double[] x, Shape s, Shape o, int[] before) {
        double[] r = new double[o.size()];
        int[] strides = o.strides();
        int[] dims = s.toArray();
        int[] c = new int[dims.length];
        for (int flat = 0; flat < x.length; flat++) {
            ReferenceElementwise.unravel(flat, dims, c);
            int at = 0;
            for (int i = 0; i < dims.length; i++) {
                at += (c[i] + before[i]) * strides[i];
            }
            r[at] = x[flat];
        }
        return r;
    }

    private static double[] concat(double[][] x, TensorType[] in, Shape o, int axis) {
        double[] r = new double[o.size()];
        int[] strides = o.strides();
        int offset = 0;
        for (int k = 0; k < x.length; k++) {
            int[] dims = in[k].shape().toArray();
            int[] c = new int[dims.length];
            for (int flat = 0; flat < x[k].length; flat++) {
                ReferenceElementwise.unravel(flat, dims, c);
                c[axis] += offset;
                int at = 0;
                for (int i = 0; i < dims.length; i++) {
                    at += c[i] * strides[i];
                }
                r[at] = x[k][flat];
            }
            offset += dims[axis];
        }
        return r;
    }

    /**
     * PyTorch's {@code index_select}: output entry {@code j} on the axis is input {@code idx[j]}.
     */
    private static double[] gather(double[] x, Shape s, Shape o, Attr.Index idx) {
        int[] strides = s.strides();
        int[] dims = o.toArray();
        int[] c = new int[dims.length];
        int[] from = new int[o.size()];
        for (int flat = 0; flat < from.length; flat++) {
            ReferenceElementwise.unravel(flat, dims, c);
            c[idx.axis()] = idx.index(c[idx.axis()]);
            int at = 0;
            for (int i = 0; i < dims.length; i++) {
                at += c[i] * strides[i];
            }
            from[flat] = at;
        }
        return gatherFlat(x, from);
    }

    /** Input entry {@code j} on the axis is added to output {@code idx[j]}; repeats accumulate. */
    private static double[] scatterAdd(double[] x, Shape s, Shape o, Attr.Index idx) {
        double[] r = new double[o.size()];
        int[] strides = o.strides();
        int[] dims = s.toArray();
        int[] c = new int[dims.length];
        for (int flat = 0; flat < x.length; flat++) {
            ReferenceElementwise.unravel(flat, dims, c);
            c[idx.axis()] = idx.index(c[idx.axis()]);
            int at = 0;
            for (int i = 0; i < dims.length; i++) {
                at += c[i] * strides[i];
            }
            r[at] += x[flat];
        }
        return r;
    }
}
