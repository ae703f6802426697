package org.ppl4j.tck.conformance;

import java.util.Arrays;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/**
 * How an input reaches a primitive on the backend: uploaded as is, or as the result of a layout op
 * (a transpose, a slice of a larger buffer), which many backends return as a strided view.
 */
enum InputLayout {
    /** Uploaded row-major. */
    CONTIGUOUS {
        @Override
        Tensor upload(HostTensor t, DType dtype) {
            return t.upload(dtype);
        }
    },
    /** Uploaded with its axes reversed, then permuted back. */
    TRANSPOSED {
        @Override
        Tensor upload(HostTensor t, DType dtype) {
            int r = t.shape().rank();
            if (r < 2) {
                return t.upload(dtype);
            }
            int[] reversed = new int[r];
            for (int i = 0; i < r; i++) {
                reversed[i] = r - 1 - i;
            }
            return reversedCopy(t).upload(dtype).permute(reversed);
        }
    },
    /** Uploaded inside a border of 777s, then sliced out. */
    SLICED {
        @Override
        Tensor upload(HostTensor t, DType dtype) {
            int[] dims = t.shape().toArray();
            int[] begin = new int[dims.length];
            int[] end = new int[dims.length];
            int[] big = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                begin[i] = 1;
                end[i] = 1 + dims[i];
                big[i] = dims[i] + 2;
            }
            Shape bs = Shape.of(big);
            double[] d = new double[bs.size()];
            Arrays.fill(d, 777);
            int[] strides = bs.strides();
            int[] c = new int[dims.length];
            for (int flat = 0; flat < t.data().length; flat++) {
                unravel(flat, dims, c);
                int at = 0;
                for (int i = 0; i < dims.length; i++) {
                    at += (c[i] + 1) * strides[i];
                }
                d[at] = t.data()[flat];
            }
            return new HostTensor(bs, d).upload(dtype).slice(begin, end);
        }
    };

    abstract Tensor upload(HostTensor t, DType dtype);

    /** {@code t} with its axes reversed, as row-major data. */
    private static HostTensor reversedCopy(HostTensor t) {
        int[] dims = t.shape().toArray();
        int r = dims.length;
        int[] rev = new int[r];
        for (int i = 0; i < r; i++) {
            rev[i] = dims[r - 1 - i];
        }
        int[] strides = t.shape().strides();
        double[] d = new double[t.data().length];
        int[] c = new int[r];
        for (int flat = 0; flat < d.length; flat++) {
            unravel(flat, rev, c);
            int at = 0;
            for (int i = 0; i < r; i++) {
                at += c[i] * strides[r - 1 - i];
            }
            d[flat] = t.data()[at];
        }
        return new HostTensor(Shape.of(rev), d);
    }

    private static void unravel(int flat, int[] dims, int[] c) {
        for (int i = dims.length - 1; i >= 0; i--) {
            c[i] = flat % dims[i];
            flat /= dims[i];
        }
    }
}
