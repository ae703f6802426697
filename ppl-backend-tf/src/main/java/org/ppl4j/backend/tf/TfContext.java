package org.ppl4j.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextOptionsSetAsync;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextOptionsSetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextOptionsSetDevicePlacementPolicy;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DEVICE_PLACEMENT_SILENT;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteContext;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteContextOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewContext;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewContextOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.ppl4j.core.DType;
import org.ppl4j.spi.BackendException;
import org.tensorflow.internal.c_api.TFE_Context;
import org.tensorflow.internal.c_api.TFE_ContextOptions;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * One TensorFlow eager context ({@code TFE_Context}) and the device its ops are pinned to.
 *
 * <p>Opening it loads the native library, configures the thread pools and the visible devices,
 * picks the device and checks, with one probe op, where ops really run.
 */
final class TfContext {
    private static final Pattern DEVICE = Pattern.compile("device:(CPU|GPU):(\\d+)$");

    final TFE_Context ctx;

    /** The full TF name ops are placed on, e.g. {@code /job:localhost/.../device:GPU:0}. */
    final String placement;

    /** Whether {@link #placement} is a GPU, so uploads are copied there. */
    final boolean gpu;

    /** Where the probe op ran: {@code cpu} or {@code gpu:N}. */
    final String device;

    final int threads;
    final String version;

    private TfContext(TFE_Context ctx, String placement, int threads, String version) {
        this.ctx = ctx;
        this.placement = placement;
        this.gpu = shortName(placement).startsWith("gpu:");
        this.threads = threads;
        this.version = version;
        this.device = probe();
    }

    /** Loads TensorFlow (once per JVM) and opens a context as {@code s} asks. */
    static TfContext open(TfSettings s) {
        TfEnvironment.apply(s);
        load();
        TF_Status st = TF_NewStatus();
        try {
            TFE_Context ctx = newContext(s, st);
            try {
                List<String> devices = listDevices(ctx, st);
                String placement = choose(s.device(), devices);
                return new TfContext(ctx, placement, s.threads(), TF_Version().getString());
            } catch (RuntimeException e) {
                TFE_DeleteContext(ctx);
                throw e;
            }
        } finally {
            TF_DeleteStatus(st);
        }
    }

    /** A unit of work: its status and temporary handles are freed when it closes. */
    TfCall call() {
        return new TfCall(this);
    }

    private static void load() {
        try {
            Loader.load(tensorflow.class);
        } catch (LinkageError e) {
            throw new BackendException(
                    "backend 'tf': TensorFlow's native library did not load ("
                            + e
                            + "); put org.tensorflow:tensorflow-core-native:1.1.0 with classifier"
                            + " linux-x86_64 (or linux-x86_64-gpu, built with -Pgpu) on the class"
                            + " path",
                    e);
        }
    }

    private static TFE_Context newContext(TfSettings s, TF_Status st) {
        ConfigProto.Builder config =
                ConfigProto.newBuilder()
                        .setIntraOpParallelismThreads(s.threads())
                        .setInterOpParallelismThreads(s.threads())
                        .setAllowSoftPlacement(true)
                        // Grow GPU memory on demand instead of taking it all at start.
                        .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
        if (s.device().equals("cpu")) {
            config.putDeviceCount("GPU", 0);
        }
        // Idle pool threads spin for work by default; on a machine with few cores they take
        // time from the JVM's thread and from each other (BENCHMARKS.md).
        config.setExperimental(
                ConfigProto.Experimental.newBuilder()
                        .setDisableThreadSpinning(!s.threadSpinning()));
        byte[] bytes = config.build().toByteArray();
        TFE_ContextOptions opts = TFE_NewContextOptions();
        try (BytePointer proto = new BytePointer(bytes)) {
            TFE_ContextOptionsSetConfig(opts, proto, bytes.length, st);
            check(st, "configuring the eager context");
            TFE_ContextOptionsSetAsync(opts, (byte) 0);
            TFE_ContextOptionsSetDevicePlacementPolicy(opts, TFE_DEVICE_PLACEMENT_SILENT);
            TFE_Context ctx = TFE_NewContext(opts, st);
            check(st, "creating the eager context");
            return ctx;
        } finally {
            TFE_DeleteContextOptions(opts);
        }
    }

    private static List<String> listDevices(TFE_Context ctx, TF_Status st) {
        TF_DeviceList list = TFE_ContextListDevices(ctx, st);
        check(st, "listing devices");
        try {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < TF_DeviceListCount(list); i++) {
                names.add(TF_DeviceListName(list, i, st).getString());
                check(st, "listing devices");
            }
            return names;
        } finally {
            TF_DeleteDeviceList(list);
        }
    }

    /** The TF device name for the requested {@code cpu}, {@code gpu:N} or {@code auto}. */
    static String choose(String requested, List<String> devices) {
        String cpu = null;
        String firstGpu = null;
        for (String d : devices) {
            String ours = shortName(d);
            if (ours.equals(requested)) {
                return d;
            }
            cpu = cpu == null && ours.equals("cpu") ? d : cpu;
            firstGpu = firstGpu == null && ours.startsWith("gpu:") ? d : firstGpu;
        }
        if (requested.equals(TfSettings.AUTO)) {
            return firstGpu != null ? firstGpu : cpu;
        }
        throw new BackendException(
                "backend 'tf': -Dppl.tf.device="
                        + requested
                        + " asks for a device TensorFlow does not see; visible: "
                        + devices.stream().map(TfContext::shortName).toList()
                        + ". A GPU needs the GPU natives (build with -Pgpu: tensorflow-core-native"
                        + " classifier linux-x86_64-gpu), CUDA 12 and cuDNN 9, and a visible"
                        + " device (check nvidia-smi and CUDA_VISIBLE_DEVICES); or use"
                        + " -Dppl.tf.device=cpu");
    }

    /** {@code cpu} or {@code gpu:N} for a TF device name; the name itself otherwise. */
    static String shortName(String tfDevice) {
        Matcher m = DEVICE.matcher(tfDevice);
        if (!m.find()) {
            return tfDevice;
        }
        return m.group(1).equals("CPU") ? "cpu" : "gpu:" + m.group(2);
    }

    /** Runs one op and reports the device its output lives on. */
    private String probe() {
        try (TfCall c = call()) {
            return shortName(
                    c.deviceOf(c.temp(c.op("Identity").in(c.scalar(1, DType.F32)).exec())));
        }
    }

    static void check(TF_Status st, String what) {
        if (TF_GetCode(st) != TF_OK) {
            throw new BackendException(
                    "backend 'tf': "
                            + what
                            + " failed: "
                            + new TfStatusException(TF_GetCode(st), TF_Message(st).getString())
                                    .getMessage());
        }
    }
}
