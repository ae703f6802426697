package org.ppl4j.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Capability;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/** A few primitives on {@code gpu:0}; skipped, saying why, where TensorFlow sees no GPU. */
class TfGpuTest {
    static Backend gpu;
    static String whyNot;

    @BeforeAll
    static void openGpu() {
        try {
            gpu = TfBackend.open(new TfSettings("gpu:0", 2, 3));
        } catch (BackendException e) {
            whyNot = "skipped: no GPU visible to TensorFlow (" + e.getMessage() + ")";
        }
    }

    @BeforeEach
    void needsGpu() {
        Assumptions.assumeTrue(gpu != null, () -> whyNot);
    }

    @Test
    void runsOnGpu0() {
        assertThat(gpu.device()).isEqualTo("gpu:0");
        assertThat(gpu.capabilities()).contains(Capability.GPU, Capability.FLOAT64);
    }

    @Test
    void computesPrimitivesOnTheGpuInBothDtypes() {
        long baseline = gpu.liveHandles();
        for (DType d : DType.floating()) {
            try (var scope = new TensorScope(gpu)) {
                Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, d, 2, 3);
                Tensor b = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, d, 3, 2);
                assertThat(a.matmul(b).toDoubleArray()).containsExactly(4, 5, 10, 11);
                assertThat(a.add(Tensor.of(new double[] {10, 20}, d, 2, 1)).sum().item())
                        .isEqualTo(111.0);
                assertThat(a.scatterAdd(1, new int[] {1, 1, 0}, 2).toDoubleArray())
                        .containsExactly(3, 3, 6, 9);
                Tensor nan = Tensor.of(new double[] {1, Double.NaN, 3}, d, 3);
                assertThat(nan.max().item()).isNaN();
                assertThat(nan.maximum(Tensor.zeros(d, 3)).toDoubleArray()[1]).isNaN();
                assertThat(nan.gt(Tensor.full(Shape.of(3), 2, d)).toDoubleArray())
                        .containsExactly(0, 0, 1);
                assertThat(Tensor.scalar(0, d).softplus().item())
                        .isCloseTo(Math.log(2), within(1e-6));
            }
        }
        assertThat(gpu.liveHandles()).isEqualTo(baseline);
    }
}
