package org.ppl4j.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Program;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** {@code -Dppl.tf.dumpGraphs=DIR} writes each compiled program's GraphDef, or says why not. */
class TfGraphDumpTest {
    @AfterEach
    void clear() {
        System.clearProperty(TfCompiler.DUMP_PROPERTY);
    }

    @Test
    void writesTheProgramsGraphDef(@TempDir Path dir) throws Exception {
        System.setProperty(TfCompiler.DUMP_PROPERTY, dir.toString());
        Backend tf = Backends.get("tf");
        try (TensorScope scope = new TensorScope(tf)) {
            Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
            try (Program p = Program.trace(tf, Map.of(x, "x"), () -> List.of(x.exp().sum()))) {
                assertThat(p.graph().applyCount()).isPositive();
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        assertThat(files).singleElement().satisfies(f -> assertThat(f.toString()).endsWith(".pb"));
        GraphDef g = GraphDef.parseFrom(Files.readAllBytes(files.get(0)));
        assertThat(g.getNodeList())
                .extracting(NodeDef::getOp)
                .contains("Placeholder", "Exp", "Sum");
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("absent");
        System.setProperty(TfCompiler.DUMP_PROPERTY, missing.toString());
        Backend tf = Backends.get("tf");
        try (TensorScope scope = new TensorScope(tf)) {
            Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
            assertThatThrownBy(() -> Program.trace(tf, Map.of(x, "x"), () -> List.of(x.exp())))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("-Dppl.tf.dumpGraphs")
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("existing, writable folder");
        }
    }
}
