package org.ppl4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.testkit.SharedFixtures;

/** Reads the PyTorch-written VAE fixtures (not in the repository; skipped when absent). */
class FixtureFileTest {
    private static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The sha256 that vae_elbo_case1.json records for {@code name}. */
    private static String recordedSha256(String name) throws Exception {
        String json = Files.readString(SharedFixtures.require("vae_elbo_case1.json"));
        Matcher m =
                Pattern.compile(
                                Pattern.quote("\"" + name + "\"")
                                        + "\\s*:\\s*\\{\\s*\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\"")
                        .matcher(json);
        assertThat(m.find()).as("sha256 of " + name + " in vae_elbo_case1.json").isTrue();
        return m.group(1);
    }

    @Test
    void inputsFileHasTheRecordedHashShapesAndValues() throws Exception {
        Path f = SharedFixtures.require("vae_elbo_case1.safetensors");
        assertThat(sha256(f)).isEqualTo(recordedSha256("vae_elbo_case1.safetensors"));
        SafeTensors s = SafeTensors.read(f);
        assertThat(s.names())
                .containsExactlyInAnyOrder(
                        "encoder.fc1.weight", "encoder.fc1.bias",
                        "encoder.fc21.weight", "encoder.fc21.bias",
                        "encoder.fc22.weight", "encoder.fc22.bias",
                        "decoder.fc1.weight", "decoder.fc1.bias",
                        "decoder.fc21.weight", "decoder.fc21.bias",
                        "x", "eps");
        assertThat(s.get("encoder.fc1.weight").shape()).isEqualTo(Shape.of(400, 784));
        assertThat(s.get("decoder.fc21.bias").shape()).isEqualTo(Shape.of(784));
        assertThat(s.get("x").shape()).isEqualTo(Shape.of(256, 784));
        assertThat(s.get("eps").shape()).isEqualTo(Shape.of(256, 50));
        assertThat(s.arrays().values()).allMatch(a -> a.dtype() == DType.F32);
        // First elements, pinned by their bits as printed from the file with Python's struct.
        assertThat(Float.floatToRawIntBits((float) s.get("encoder.fc1.weight").get(0)))
                .isEqualTo(0xb98c3000);
        assertThat(Float.floatToRawIntBits((float) s.get("eps").get(0))).isEqualTo(0xbfc346ba);
        assertThat(s.metadata()).containsEntry("z_dim", "50");
    }

    @Test
    void expectedFileHoldsFloat32AndFloat64Arrays() throws Exception {
        Path f = SharedFixtures.require("vae_elbo_case1_expected.safetensors");
        assertThat(sha256(f)).isEqualTo(recordedSha256("vae_elbo_case1_expected.safetensors"));
        SafeTensors s = SafeTensors.read(f);
        HostArray elbo64 = s.get("per_example_f64.elbo");
        assertThat(elbo64.dtype()).isEqualTo(DType.F64);
        assertThat(elbo64.shape()).isEqualTo(Shape.of(256));
        assertThat(Double.doubleToRawLongBits(elbo64.get(0))).isEqualTo(0xc081cb89fb5dfb5dL);
        assertThat(s.get("after_adam.decoder.fc1.weight").shape()).isEqualTo(Shape.of(400, 50));
        assertThat(s.get("probs").dtype()).isEqualTo(DType.F32);
    }
}
