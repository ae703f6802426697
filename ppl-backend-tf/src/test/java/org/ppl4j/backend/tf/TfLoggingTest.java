package org.ppl4j.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * TensorFlow's C++ logging is off unless -Dppl.tf.log asks for it, and its oneDNN kernels are on
 * unless -Dppl.tf.onednn=false (checked in fresh JVMs, by the line TensorFlow logs when they are).
 */
class TfLoggingTest {
    /** Creates the backend, runs one op and prints its result. */
    public static void main(String[] args) {
        Backend tf = Backends.get("tf");
        try (var scope = new TensorScope(tf)) {
            System.out.println("sum=" + Tensor.of(new float[] {1, 2}, 2).sum().item());
        }
    }

    @Test
    void quietByDefaultAndLoudWhenAsked() throws Exception {
        String quiet = run();
        String loud = run("-Dppl.tf.log=0");
        assertThat(quiet).contains("sum=3.0").doesNotContain("tensorflow/");
        assertThat(loud).contains("sum=3.0").contains("tensorflow/");
    }

    @Test
    void oneDnnOnByDefaultAndOffWhenAsked() throws Exception {
        String on = run("-Dppl.tf.log=0");
        String off = run("-Dppl.tf.log=0", "-Dppl.tf.onednn=false");
        assertThat(on).contains("sum=3.0").contains(ONEDNN_ON);
        assertThat(off).contains("sum=3.0").contains("tensorflow/").doesNotContain(ONEDNN_ON);
    }

    private static final String ONEDNN_ON = "oneDNN custom operations are on";

    private static String run(String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path")));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.add("-Dppl.backend=tf");
        cmd.add("-Dppl.tf.device=cpu");
        cmd.addAll(List.of(props));
        cmd.add(TfLoggingTest.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(TfEnvironment.LOG_LEVEL);
        pb.environment().remove(TfEnvironment.ONEDNN);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("exit status; output:%n%s", out).isZero();
        return out;
    }
}
