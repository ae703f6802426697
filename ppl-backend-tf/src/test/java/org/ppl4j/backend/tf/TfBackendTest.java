package org.ppl4j.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.BackendProvider;
import org.ppl4j.spi.Backends;
import org.ppl4j.spi.Capability;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/** The backend's contract: registration, description, host transfer, errors and handle lifetime. */
class TfBackendTest {
    static final Backend TF = Backends.get("tf");

    static TensorType type(DType d, int... shape) {
        return new TensorType(Shape.of(shape), d);
    }

    @Test
    void providerIsRegisteredAsTfWithPriority20() {
        List<BackendProvider> tf =
                ServiceLoader.load(BackendProvider.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(p -> p.name().equals("tf"))
                        .toList();
        assertThat(tf).singleElement().isInstanceOf(TfBackendProvider.class);
        assertThat(tf.get(0).priority()).isEqualTo(20);
        assertThat(TF).isInstanceOf(TfBackend.class);
    }

    @Test
    void describesVersionDeviceThreadsAndFloat64() {
        assertThat(TF.name()).isEqualTo("tf");
        assertThat(TF.version()).startsWith("2.");
        assertThat(TF.device()).matches("cpu|gpu:\\d+");
        assertThat(TF.threads())
                .isEqualTo(TfSettings.parseThreads(System.getProperty("ppl.threads")));
        assertThat(TF.capabilities()).contains(Capability.FLOAT64);
        assertThat(TF.describe()).contains("backend=tf", "device=" + TF.device());
    }

    @Test
    void cpuContextHonoursDeviceAndThreadSettings() {
        Backend cpu = TfBackend.open(new TfSettings("cpu", 1, 3));
        assertThat(cpu.device()).isEqualTo("cpu");
        assertThat(cpu.threads()).isEqualTo(1);
        assertThat(cpu.capabilities()).doesNotContain(Capability.GPU);
        try (var scope = new TensorScope(cpu)) {
            assertThat(Tensor.of(new float[] {1, 2}, 2).sum().item()).isEqualTo(3.0);
        }
        assertThat(cpu.liveHandles()).isZero();
    }

    @Test
    void aContextWithSpinningThreadsComputesTheSame() {
        System.setProperty(TfSettings.SPIN_PROPERTY, "true");
        try {
            TfSettings asked = TfSettings.fromSystemProperties();
            assertThat(asked.threadSpinning()).isTrue();
            Backend spinning = TfBackend.open(new TfSettings("cpu", 2, 3, asked.oneDnn(), true));
            try (var scope = new TensorScope(spinning)) {
                Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
                assertThat(x.matmul(x).toFloatArray()).containsExactly(7, 10, 15, 22);
            }
            assertThat(spinning.liveHandles()).isZero();
        } finally {
            System.clearProperty(TfSettings.SPIN_PROPERTY);
        }
    }

    @Test
    void aMisspeltSpinningSwitchIsRefusedByName() {
        System.setProperty(TfSettings.SPIN_PROPERTY, "yes");
        try {
            assertThatThrownBy(TfSettings::fromSystemProperties)
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("-Dppl.tf.threadSpinning='yes'")
                    .hasMessageContaining("must be true or false");
        } finally {
            System.clearProperty(TfSettings.SPIN_PROPERTY);
        }
    }

    @Test
    void askingForAMissingGpuFailsWithTheFix() {
        assertThatThrownBy(() -> TfBackend.open(new TfSettings("gpu:99", 1, 3)))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("-Dppl.tf.device=gpu:99")
                .hasMessageContaining("-Pgpu")
                .hasMessageContaining("-Dppl.tf.device=cpu");
    }

    @Test
    void autoPicksTheFirstGpuElseTheCpu() {
        String cpu = "/job:localhost/replica:0/task:0/device:CPU:0";
        String gpu1 = "/job:localhost/replica:0/task:0/device:GPU:1";
        assertThat(TfContext.choose("auto", List.of(cpu))).isEqualTo(cpu);
        assertThat(TfContext.choose("auto", List.of(cpu, gpu1))).isEqualTo(gpu1);
        assertThat(TfContext.choose("gpu:1", List.of(cpu, gpu1))).isEqualTo(gpu1);
        assertThat(TfContext.choose("cpu", List.of(cpu, gpu1))).isEqualTo(cpu);
        assertThat(TfContext.shortName(gpu1)).isEqualTo("gpu:1");
    }

    @Test
    void badSettingsAreReportedWithTheAllowedValues() {
        assertThat(TfSettings.parseDevice(null)).isEqualTo("auto");
        assertThat(TfSettings.parseDevice("GPU")).isEqualTo("gpu:0");
        assertThat(TfSettings.parseDevice("gpu:2")).isEqualTo("gpu:2");
        assertThatThrownBy(() -> TfSettings.parseDevice("tpu"))
                .hasMessageContaining("'tpu'")
                .hasMessageContaining("cpu, gpu or gpu:N");
        assertThatThrownBy(() -> TfSettings.parseThreads("0"))
                .hasMessageContaining("-Dppl.threads='0'");
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(TfSettings.parseThreads("99999")).isEqualTo(cores);
        assertThat(TfSettings.capThreads(3, 16)).isEqualTo(3);
        assertThat(TfSettings.capThreads(99999, 16)).isEqualTo(16);
        assertThat(TfSettings.parseLog(null)).isEqualTo(3);
        assertThat(TfSettings.parseLog("1")).isEqualTo(1);
        assertThat(TfSettings.parseLog("true")).isEqualTo(-1);
        assertThat(TfSettings.parseOneDnn(null)).isTrue();
        assertThat(TfSettings.parseOneDnn(" FALSE ")).isFalse();
        assertThatThrownBy(() -> TfSettings.parseOneDnn("no"))
                .hasMessageContaining("-Dppl.tf.onednn='no'")
                .hasMessageContaining("must be true or false")
                .hasMessageContaining("oneDNN");
    }

    @Test
    void hostTransferRoundTripsBothDtypesScalarsAndEmptyShapes() {
        float[] f = {1.5f, -0.1f, Float.NaN, Float.NEGATIVE_INFINITY};
        double[] d = {1.5, -0.1, Double.NaN, 1e300};
        Handle hf = TF.fromHost(f, type(DType.F32, 2, 2));
        Handle hd = TF.fromHost(d, type(DType.F64, 4));
        Handle rounded = TF.fromHost(d, type(DType.F32, 4));
        Handle widened = TF.fromHost(f, type(DType.F64, 4));
        Handle scalar = TF.fromHost(new double[] {7}, type(DType.F64));
        Handle empty = TF.fromHost(new float[0], type(DType.F32, 2, 0, 3));
        try {
            assertThat(TF.toFloats(hf, type(DType.F32, 2, 2))).containsExactly(f);
            assertThat(TF.toDoubles(hd, type(DType.F64, 4))).containsExactly(d);
            assertThat(TF.toFloats(rounded, type(DType.F32, 4)))
                    .containsExactly(1.5f, -0.1f, Float.NaN, Float.POSITIVE_INFINITY);
            assertThat(TF.toDoubles(widened, type(DType.F64, 4)))
                    .containsExactly(1.5, (double) -0.1f, Double.NaN, Double.NEGATIVE_INFINITY);
            assertThat(TF.toFloats(scalar, type(DType.F64))).containsExactly(7f);
            assertThat(TF.toDoubles(empty, type(DType.F32, 2, 0, 3))).isEmpty();
        } finally {
            for (Handle h : new Handle[] {hf, hd, rounded, widened, scalar, empty}) {
                TF.release(h);
            }
        }
    }

    @Test
    void tfErrorsBecomeBackendExceptionsNamingPrimitiveAndShapes() {
        long baseline = TF.liveHandles();
        TensorType t23 = type(DType.F32, 2, 3);
        Handle h = TF.fromHost(new float[6], t23);
        try {
            assertThatThrownBy(
                            () ->
                                    TF.execute(
                                            MatmulOp.MATMUL,
                                            new Attr.Transpose(false, false),
                                            new Handle[] {h, h},
                                            new TensorType[] {t23, t23},
                                            t23))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("backend 'tf' failed in MATMUL")
                    .hasMessageContaining("[float32[2, 3], float32[2, 3]]")
                    .hasMessageContaining("INVALID_ARGUMENT");
            assertThatThrownBy(() -> TF.toDoubles(h, type(DType.F64, 2, 3)))
                    .isInstanceOf(BackendException.class)
                    .hasMessageContaining("toDoubles");
        } finally {
            TF.release(h);
        }
        assertThat(TF.liveHandles()).isEqualTo(baseline);
        assertThatThrownBy(() -> TF.toFloats(h, t23))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("already released");
        assertThatThrownBy(() -> TF.release(new Handle() {}))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("did not make");
    }

    @Test
    void liveHandlesReturnToBaselineWhenAScopeCloses() {
        long baseline = TF.liveHandles();
        try (var scope = new TensorScope(TF)) {
            Tensor x = Tensor.of(new double[] {1, 2, 3}, 3);
            Tensor y = x.mul(x).add(1.0).softplus().sum();
            assertThat(y.item()).isGreaterThan(0);
            assertThat(TF.liveHandles()).isGreaterThan(baseline);
        }
        assertThat(TF.liveHandles()).isEqualTo(baseline);
    }
}
