package org.ppl4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ppl4j.core.DType;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.params.ParamStore;

/**
 * The driver's params as the executors get them in a broadcast: each unconstrained value as a float
 * or double array with its shape, and each constraint's name. It is {@link ParamStore#state()} in a
 * form Java serialization ships without copying element by element.
 */
final class ParamSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final List<int[]> shapes;
    private final List<Object> values;
    private final Map<String, String> metadata;

    private ParamSnapshot(
            List<String> names, List<int[]> shapes, List<Object> values, Map<String, String> m) {
        this.names = names;
        this.shapes = shapes;
        this.values = values;
        this.metadata = m;
    }

    /** The params of {@code store}, copied to the host. */
    static ParamSnapshot of(ParamStore store) {
        SafeTensors s = store.state();
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Map.Entry<String, HostArray> e : s.arrays().entrySet()) {
            HostArray a = e.getValue();
            names.add(e.getKey());
            shapes.add(a.shape().toArray());
            values.add(a.dtype() == DType.F32 ? a.toFloatArray() : a.toDoubleArray());
        }
        return new ParamSnapshot(names, shapes, values, new LinkedHashMap<>(s.metadata()));
    }

    /** The param names, in the store's order. */
    List<String> names() {
        return names;
    }

    /** The shape of param {@code i}. */
    int[] shape(int i) {
        return shapes.get(i);
    }

    /** The params as safetensors contents, for {@link ParamStore#setState}. */
    SafeTensors toSafeTensors() {
        Map<String, HostArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Object v = values.get(i);
            arrays.put(
                    names.get(i),
                    v instanceof float[] f
                            ? HostArray.ofFloats(f, shapes.get(i))
                            : HostArray.ofDoubles((double[]) v, shapes.get(i)));
        }
        return new SafeTensors(arrays, metadata);
    }

    /** The number of bytes the values take. */
    long byteSize() {
        long n = 0;
        for (Object v : values) {
            n += v instanceof float[] f ? 4L * f.length : 8L * ((double[]) v).length;
        }
        return n;
    }
}
