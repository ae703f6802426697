package org.ppl4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ppl4j.params.ParamStore;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/** Steps an optimizer on one param with given gradients, in the reference backend. */
final class OptimizerFixture implements AutoCloseable {
    final Backend backend = Backends.get("reference");
    final ParamStore store = new ParamStore();

    OptimizerFixture(double[] w0, boolean float32) {
        try (var s = new TensorScope(backend)) {
            store.get("w", () -> tensor(w0, float32));
        }
    }

    static Tensor tensor(double[] v, boolean float32) {
        if (!float32) {
            return Tensor.of(v, v.length);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, f.length);
    }

    /** One step with gradient {@code g} for param {@code w}; returns the new value. */
    double[] step(Optimizer opt, double[] g, boolean float32) {
        try (var s = new TensorScope(backend)) {
            Map<String, Tensor> grads = new LinkedHashMap<>();
            grads.put("w", tensor(g, float32));
            opt.step(store, grads);
        }
        return store.unconstrained("w").toDoubleArray();
    }

    @Override
    public void close() {
        store.close();
    }
}
