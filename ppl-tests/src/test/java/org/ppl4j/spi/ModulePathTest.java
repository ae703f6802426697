package org.ppl4j.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * ppl-api and the TF backend as named modules: a JVM started on the module path alone (no class
 * path) finds the backend through {@code uses}/{@code provides} and creates it. ND4J cannot run on
 * the module path (its jars' descriptors are invalid, see the README), so its backend stays on the
 * class path and is left out here.
 */
class ModulePathTest {
    /** The test JVM's class path entries that a module-path user of the TF backend needs. */
    private static List<Path> tfModulePath() {
        List<Path> keep = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String s = p.toString().replace('\\', '/');
            boolean ours = s.contains("/ppl-api/target/") || s.contains("/ppl-backend-tf/target/");
            boolean theirs =
                    s.matches(
                            ".*/(tensorflow-core-api|tensorflow-core-native|ndarray|protobuf-java"
                                    + "|javacpp)-[^/]*\\.jar");
            if ((ours && !s.contains("test-classes")) || theirs) {
                keep.add(p);
            }
        }
        return keep;
    }

    @Test
    void tfBackendIsFoundAndCreatedOnTheModulePath() throws IOException, InterruptedException {
        List<Path> path = tfModulePath();
        Set<String> names =
                ModuleFinder.of(path.toArray(Path[]::new)).findAll().stream()
                        .map(ModuleReference::descriptor)
                        .map(d -> d.name())
                        .collect(Collectors.toSet());
        assertThat(names).contains("org.ppl4j.api", "org.ppl4j.backend.tf", "tensorflow");
        // JavaCPP's platform jar is a module nothing requires; name it so that its natives load.
        List<String> platform =
                names.stream().filter(n -> n.startsWith("org.bytedeco.javacpp.")).toList();
        assertThat(platform).as("JavaCPP's platform module").hasSize(1);

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.add("--module-path");
        cmd.add(path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add("--add-modules");
        cmd.add(platform.get(0));
        cmd.add("--module");
        cmd.add("org.ppl4j.api/org.ppl4j.spi.Backends");
        Path out = Files.createTempFile("module-path", ".txt");
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the module-path JVM exits").isTrue();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(text).isZero();
            assertThat(text).as(text).contains("backend=tf ").doesNotContain("backend=nd4j");
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
