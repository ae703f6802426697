package org.ppl4j.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.SharedFixtures;

/** Loads the PyTorch-written VAE weights (plain names, no constraints) into a store. */
class FixtureParamsTest {
    @Test
    void fixtureWeightsLoadAsRealFloat32Params() {
        Path f = SharedFixtures.require("vae_elbo_case1.safetensors");
        SafeTensors all = SafeTensors.read(f);
        try (var store = new ParamStore();
                var s = new TensorScope(Backends.get("reference"))) {
            store.setState(all);
            assertThat(store.unconstrained("encoder.fc1.weight").shape())
                    .isEqualTo(Shape.of(400, 784));
            assertThat(store.unconstrained("eps").shape()).isEqualTo(Shape.of(256, 50));
            assertThat(store.unconstrained("x").dtype()).isEqualTo(DType.F32);
            assertThat(store.constraint("decoder.fc21.bias").name()).isEqualTo("real");
            float first = store.unconstrained("encoder.fc1.weight").toFloatArray()[0];
            assertThat(Float.floatToRawIntBits(first)).isEqualTo(0xb98c3000);
        }
    }
}
