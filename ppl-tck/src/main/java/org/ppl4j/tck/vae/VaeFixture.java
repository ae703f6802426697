package org.ppl4j.tck.vae;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.internal.json.Json;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.params.ParamStore;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.SharedFixtures;
import org.ppl4j.vae.model.Vae;

/**
 * The PyTorch/Pyro fixture {@code vae_elbo_case1}: the tutorial VAE at fixed weights, batch and
 * noise, with the numbers PyTorch computed (see the recipe in its JSON).
 */
final class VaeFixture {
    static final List<String> WEIGHTS =
            List.of(
                    "encoder.fc1.weight",
                    "encoder.fc1.bias",
                    "encoder.fc21.weight",
                    "encoder.fc21.bias",
                    "encoder.fc22.weight",
                    "encoder.fc22.bias",
                    "decoder.fc1.weight",
                    "decoder.fc1.bias",
                    "decoder.fc21.weight",
                    "decoder.fc21.bias");

    final SafeTensors inputs;
    final SafeTensors expected;
    final Map<?, ?> json;

    private VaeFixture(SafeTensors inputs, SafeTensors expected, Map<?, ?> json) {
        this.inputs = inputs;
        this.expected = expected;
        this.json = json;
    }

    /** Loads the fixture, or skips the calling test (saying why) when it is not beside the repo. */
    static VaeFixture load() {
        try {
            Map<?, ?> json =
                    (Map<?, ?>)
                            Json.parse(
                                    Files.readString(
                                            SharedFixtures.require("vae_elbo_case1.json")));
            return new VaeFixture(
                    SafeTensors.read(SharedFixtures.require("vae_elbo_case1.safetensors")),
                    SafeTensors.read(SharedFixtures.require("vae_elbo_case1_expected.safetensors")),
                    json);
        } catch (IOException | Json.SyntaxException e) {
            throw new AssertionError("cannot read the fixture: " + e, e);
        }
    }

    /** A number from the JSON by its path, e.g. {@code "float32", "loss"}. */
    double number(Object... path) {
        return ((Number) at(path)).doubleValue();
    }

    /** A list of numbers from the JSON by its path. */
    double[] numbers(Object... path) {
        List<?> l = (List<?>) at(path);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).doubleValue();
        }
        return out;
    }

    private Object at(Object... path) {
        Object o = json;
        for (Object k : path) {
            o = o instanceof Map<?, ?> m ? m.get(k) : ((List<?>) o).get((Integer) k);
            if (o == null) {
                throw new AssertionError("fixture JSON has no " + List.of(path));
            }
        }
        return o;
    }

    /** A fresh param store holding the fixture's weights in {@code dtype}. */
    ParamStore paramStore(DType dtype) {
        ParamStore store = new ParamStore();
        ParamStore old = PplContext.current().paramStore(store);
        try {
            for (String w : WEIGHTS) {
                store.get(w, () -> inputs.get(w).toTensor().cast(dtype));
            }
        } finally {
            PplContext.current().paramStore(old);
        }
        return store;
    }

    /** The batch x [256, 784] in the current scope. */
    Tensor x(DType dtype) {
        return inputs.get("x").toTensor().cast(dtype);
    }

    /** The guide with the fixture's noise eps [256, 50] injected at site "latent". */
    Consumer<Tensor> noisyGuide(Vae vae, DType dtype) {
        HostArray eps = inputs.get("eps");
        return x -> {
            try (var noise = Handlers.noise(Map.of("latent", eps.toTensor().cast(dtype)))) {
                vae.guide(x);
            }
        };
    }

    /** Relative L2 distance {@code ||a - e|| / ||e||} computed in double. */
    static double relL2(double[] actual, double[] expected) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = actual[i] - expected[i];
            num += d * d;
            den += expected[i] * expected[i];
        }
        return Math.sqrt(num / den);
    }
}
