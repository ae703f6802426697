package org.ppl4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.backend.nd4j.Nd4jTesting.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.BackendProvider;
import org.ppl4j.spi.Capability;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

class Nd4jBackendTest {
    @Test
    void providerIsFoundByServiceLoaderAndDescribesTheBackend() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(p -> names.add(p.name()));
        assertThat(names).contains("nd4j");
        assertThat(new Nd4jBackendProvider().priority()).isEqualTo(10);
        Backend b = backend();
        assertThat(b.device()).isEqualTo("cpu");
        assertThat(b.version()).isEqualTo("1.0.0-M2.1");
        assertThat(b.capabilities()).containsExactly(Capability.FLOAT64);
        assertThat(b.describe())
                .contains("backend=nd4j", "threads=" + Runtime.getRuntime().availableProcessors());
        assertThat(System.getProperty("org.nd4j.log.initialization")).isEqualTo("false");
    }

    @Test
    void allCoresForProductsAndOneThreadForLibnd4jOpenMpAndBlasByDefault() {
        assertThat(backend().threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(Nd4jRuntime.reportedThreads()).containsOnly(1);
    }

    @Test
    void badKernelThreadPropertyIsReportedWithTheFix() {
        System.setProperty(Nd4jRuntime.KERNEL_THREADS_PROPERTY, "-2");
        try {
            assertThatThrownBy(() -> new Nd4jBackendProvider().create())
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("ppl.nd4j.kernelThreads='-2' is not a positive integer")
                    .hasMessageContaining("-Dppl.nd4j.kernelThreads=1");
        } finally {
            System.clearProperty(Nd4jRuntime.KERNEL_THREADS_PROPERTY);
        }
    }

    @Test
    void badThreadPropertyIsReportedWithTheFix() {
        System.setProperty(Nd4jRuntime.THREADS_PROPERTY, "zero");
        try {
            assertThatThrownBy(() -> new Nd4jBackendProvider().create())
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("ppl.threads='zero' is not a positive integer");
        } finally {
            System.clearProperty(Nd4jRuntime.THREADS_PROPERTY);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F64"})
    void uploadAndDownloadInBothPrecisionsIncludingScalarsAndEmpties(DType d) {
        Backend b = backend();
        long base = b.liveHandles();
        TensorType scalar = new TensorType(Shape.scalar(), d);
        Handle s = b.fromHost(new double[] {0.1}, scalar);
        assertThat(b.toDoubles(s, scalar)).containsExactly(d.round(0.1));
        assertThat(b.toFloats(s, scalar)).containsExactly(0.1f);
        TensorType empty = new TensorType(Shape.of(2, 0), d);
        Handle e = b.fromHost(new float[0], empty);
        assertThat(b.toDoubles(e, empty)).isEmpty();
        TensorType m = new TensorType(Shape.of(2, 2), d);
        Handle h = b.fromHost(new float[] {1.5f, -2, 3, Float.NaN}, m);
        assertThat(b.toDoubles(h, m)).containsExactly(1.5, -2, 3, Double.NaN);
        assertThat(b.liveHandles()).isEqualTo(base + 3);
        for (Handle x : new Handle[] {s, e, h}) {
            b.release(x);
        }
        assertThat(b.liveHandles()).isEqualTo(base);
    }

    @Test
    void fullFillsEveryShape() {
        try (var scope = new TensorScope(backend())) {
            assertThat(Tensor.full(Shape.of(2, 2), 2.5, DType.F32).toDoubleArray())
                    .containsExactly(2.5, 2.5, 2.5, 2.5);
            assertThat(Tensor.scalar(Double.NaN, DType.F64).item()).isNaN();
            assertThat(Tensor.zeros(DType.F64, 3, 0).size()).isZero();
        }
    }

    @Test
    void liveHandlesReturnToBaselineWhenTheScopeCloses() {
        Backend b = backend();
        long base = b.liveHandles();
        try (var scope = new TensorScope(b)) {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
            x.matmul(x).maximum(x).where(x, x.neg()).sum(new int[] {0}, true).toDoubleArray();
            Tensor.concat(0, x, x).gather(0, new int[] {3, 3}).scatterAdd(0, new int[] {0, 0}, 2);
            assertThat(b.liveHandles()).isGreaterThan(base + 5);
        }
        assertThat(b.liveHandles()).isEqualTo(base);
    }

    @Test
    void twentyThousandSmallStepsLeaveNoHandleBehind() {
        Backend b = backend();
        long base = b.liveHandles();
        double total = 0;
        try (var outer = new TensorScope(b)) {
            Tensor w = Tensor.of(new float[] {0.5f, -0.25f, 1}, 3);
            for (int i = 0; i < 20_000; i++) {
                try (var step = new TensorScope()) {
                    total += w.mul(w).add(1.0).log().sum().item();
                }
            }
            assertThat(b.liveHandles()).isEqualTo(base + 1);
        }
        assertThat(b.liveHandles()).isEqualTo(base);
        assertThat(total)
                .isCloseTo(20_000 * (Math.log(1.25) + Math.log(1.0625) + Math.log(2)), within(1.0));
    }

    @Test
    void releaseFreesNativeMemoryAtOnce() {
        Backend b = backend();
        TensorType big = new TensorType(Shape.of(1 << 20), DType.F32); // 4 MiB each
        Attr fill = new Attr.Fill(big.shape(), DType.F32, 1.0);
        List<Handle> stillReachable = new ArrayList<>(); // so the GC cannot be what frees them
        long before = Pointer.physicalBytes();
        for (int i = 0; i < 64; i++) {
            Handle h = b.execute(CreationOp.FULL, fill, new Handle[0], new TensorType[0], big);
            stillReachable.add(h);
            b.release(h);
        }
        assertThat(stillReachable).hasSize(64);
        assertThat(Pointer.physicalBytes() - before).isLessThan(128L << 20); // 256 MiB if kept
    }

    @Test
    void foreignOrReleasedOrMistypedHandlesFailWithoutNativeCrash() {
        Backend b = backend();
        TensorType t = new TensorType(Shape.of(2), DType.F32);
        Handle h = b.fromHost(new float[] {1, 2}, t);
        assertThatThrownBy(() -> b.toFloats(new Handle() {}, t))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("did not make");
        TensorType wrong = new TensorType(Shape.of(2), DType.F64);
        assertThatThrownBy(() -> b.toDoubles(h, wrong))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("holds FLOAT[2] but was passed as float64[2]");
        b.release(h);
        assertThatThrownBy(() -> b.toFloats(h, t))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("already released");
        assertThatThrownBy(
                        () ->
                                b.execute(
                                        UnaryOp.NEG,
                                        Attr.NONE,
                                        new Handle[0],
                                        new TensorType[0],
                                        t))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("failed in NEG");
        assertThatThrownBy(() -> b.fromHost(new float[3], t))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("3 values do not fill float32[2]");
    }
}
