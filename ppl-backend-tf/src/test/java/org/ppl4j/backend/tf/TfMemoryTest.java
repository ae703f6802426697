package org.ppl4j.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/** Native memory follows TensorScopes: many short-lived steps leave nothing behind. */
class TfMemoryTest {
    static final Backend TF = Backends.get("tf");

    @Test
    void twentyThousandOpsInPerStepScopesLeaveNoLiveHandles() throws IOException {
        long baseline = TF.liveHandles();
        try (var outer = new TensorScope(TF)) {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor w = Tensor.of(new float[] {0.5f, -1, 2}, 3, 1);
            String before = rss();
            double last = 0;
            for (int step = 0; step < 5_000; step++) {
                try (var scope = new TensorScope(TF)) {
                    // four primitives per step: matmul, tanh, sum, exp
                    Tensor y = x.matmul(w).tanh().sum().exp();
                    if (step % 1_000 == 0) {
                        last = y.item();
                    }
                }
            }
            System.out.println(
                    "[TfMemoryTest] 20000 ops: RSS before "
                            + before
                            + ", after "
                            + rss()
                            + "; live handles "
                            + TF.liveHandles());
            assertThat(last)
                    .isCloseTo(
                            Math.exp(Math.tanh(4.5) + Math.tanh(9)),
                            org.assertj.core.api.Assertions.within(1e-5));
            assertThat(TF.liveHandles()).isEqualTo(baseline + 2);
        }
        assertThat(TF.liveHandles()).isEqualTo(baseline);
    }

    private static String rss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.substring(6).trim())
                .findFirst()
                .orElse("unknown");
    }
}
