package org.ppl4j.tck.conformance;

import java.util.Arrays;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

/** Row-major values on the host with a shape: what the kit uploads to every backend alike. */
record HostTensor(Shape shape, double[] data) {
    HostTensor {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(data.length + " values for shape " + shape);
        }
    }

    static HostTensor of(double[] data, int... dims) {
        return new HostTensor(Shape.of(dims), data);
    }

    /** The same values rounded to {@code dtype}, so every backend receives identical inputs. */
    HostTensor rounded(DType dtype) {
        double[] d = data.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = dtype.round(d[i]);
        }
        return new HostTensor(shape, d);
    }

    HostTensor abs() {
        double[] d = data.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        return new HostTensor(shape, d);
    }

    /** Uploads to the current scope's backend. */
    Tensor upload(DType dtype) {
        return Tensor.of(data, dtype, shape.toArray());
    }

    @Override
    public String toString() {
        String values =
                data.length <= 8
                        ? Arrays.toString(data)
                        : Arrays.toString(Arrays.copyOf(data, 8)).replace("]", ", ...]");
        return shape + "=" + values;
    }
}
