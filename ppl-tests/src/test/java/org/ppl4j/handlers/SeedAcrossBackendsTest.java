package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ppl4j.Ppl;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Normal;
import org.ppl4j.distributions.Uniform;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/** {@code Ppl.seed(n)} gives bit-identical float32 draws on ND4J and TensorFlow. */
class SeedAcrossBackendsTest {
    private static Map<String, float[]> drawOn(String backend, long seed) {
        Rng saved = PplContext.current().rng();
        Map<String, float[]> out = new LinkedHashMap<>();
        try (var scope = new TensorScope(Backends.get(backend))) {
            Ppl.seed(seed);
            try (var p = plate("draws", 257)) {
                Tensor loc = Tensor.full(org.ppl4j.core.Shape.scalar(), 0.3, DType.F32);
                out.put("normal", sample("normal", Normal.of(loc, 1.7)).toFloatArray());
                out.put("uniform", sample("uniform", Uniform.of(-2.0, 5.0)).toFloatArray());
                Tensor probs = Tensor.full(org.ppl4j.core.Shape.scalar(), 0.35, DType.F32);
                out.put("bernoulli", sample("bernoulli", Bernoulli.probs(probs)).toFloatArray());
            }
        } finally {
            PplContext.current().rng(saved);
        }
        return out;
    }

    @Test
    void theSameSeedGivesBitIdenticalDrawsOnNd4jAndTf() {
        assumeThat(Backends.availableNames()).contains("nd4j", "tf");
        Map<String, float[]> nd4j = drawOn("nd4j", 2024);
        Map<String, float[]> tf = drawOn("tf", 2024);
        Map<String, float[]> ref = drawOn("reference", 2024);
        for (String site : nd4j.keySet()) {
            assertThat(nd4j.get(site)).as(site).hasSize(257);
            int[] a = bits(nd4j.get(site));
            assertThat(bits(tf.get(site))).as(site + " tf vs nd4j").containsExactly(a);
            assertThat(bits(ref.get(site))).as(site + " reference vs nd4j").containsExactly(a);
        }
        assertThat(nd4j.get("bernoulli")).contains(0f, 1f);
        assertThat(drawOn("nd4j", 2025).get("normal")).isNotEqualTo(nd4j.get("normal"));
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
