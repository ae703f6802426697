package org.ppl4j.backend.tf;

import org.ppl4j.spi.BackendException;

/**
 * How the TF backend is set up, read from system properties when it is created.
 *
 * @param device {@code auto} (a GPU when one is visible, else the CPU), {@code cpu} or {@code
 *     gpu:N}; from {@code -Dppl.tf.device=cpu|gpu|gpu:N}
 * @param threads intra- and inter-op threads; from {@code -Dppl.threads}, default all cores
 * @param logLevel TensorFlow's {@code TF_CPP_MIN_LOG_LEVEL} to set: 3 (quiet) unless {@code
 *     -Dppl.tf.log} asks for logging ({@code =0..3}: that level; any other value: TF's default); -1
 *     leaves the environment alone, as it also does when the user set the variable and not the
 *     property
 * @param oneDnn whether TensorFlow's oneDNN kernels run (faster matrix products on the CPU,
 *     BENCHMARKS.md): on unless {@code -Dppl.tf.onednn=false}; {@code null} leaves the environment
 *     alone, as when the user set {@code TF_ENABLE_ONEDNN_OPTS} and not the property
 * @param threadSpinning whether TF's idle pool threads spin for work: only with {@code
 *     -Dppl.tf.threadSpinning=true} (on few cores spinning takes time from the JVM's thread)
 */
record TfSettings(
        String device, int threads, int logLevel, Boolean oneDnn, boolean threadSpinning) {
    /** The property that lets TF's idle pool threads spin. */
    static final String SPIN_PROPERTY = "ppl.tf.threadSpinning";

    /**
     * The settings with oneDNN as TensorFlow's own default for this process leaves it, and no
     * spinning.
     */
    TfSettings(String device, int threads, int logLevel) {
        this(device, threads, logLevel, null, false);
    }

    static final String AUTO = "auto";

    /**
     * The settings given by {@code ppl.tf.device}, {@code ppl.threads}, {@code ppl.tf.log}, {@code
     * ppl.tf.onednn} and {@code ppl.tf.threadSpinning}.
     */
    static TfSettings fromSystemProperties() {
        return new TfSettings(
                parseDevice(System.getProperty("ppl.tf.device")),
                parseThreads(System.getProperty("ppl.threads")),
                leftToEnvironment("ppl.tf.log", TfEnvironment.LOG_LEVEL)
                        ? -1
                        : parseLog(System.getProperty("ppl.tf.log")),
                leftToEnvironment("ppl.tf.onednn", TfEnvironment.ONEDNN)
                        ? null
                        : parseOneDnn(System.getProperty("ppl.tf.onednn")),
                parseFlag(
                        SPIN_PROPERTY,
                        System.getProperty(SPIN_PROPERTY),
                        false,
                        "whether TF's idle pool threads spin for work"));
    }

    /** Whether the user exported {@code variable} and did not give {@code property}. */
    private static boolean leftToEnvironment(String property, String variable) {
        return System.getProperty(property) == null && System.getenv(variable) != null;
    }

    static boolean parseOneDnn(String v) {
        return parseFlag("ppl.tf.onednn", v, true, "TensorFlow's oneDNN kernels");
    }

    /**
     * A true/false property: {@code dflt} when unset or blank; anything else is refused, naming the
     * property and what it switches.
     */
    static boolean parseFlag(String property, String v, boolean dflt, String what) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        if (v.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new BackendException(
                "backend 'tf': -D"
                        + property
                        + "='"
                        + v
                        + "' must be true or false ("
                        + what
                        + "; default "
                        + dflt
                        + ")");
    }

    static String parseDevice(String v) {
        if (v == null || v.isBlank()) {
            return AUTO;
        }
        String d = v.trim().toLowerCase(java.util.Locale.ROOT);
        if (d.equals("cpu") || d.equals(AUTO)) {
            return d;
        }
        if (d.equals("gpu")) {
            return "gpu:0";
        }
        if (d.matches("gpu:\\d{1,4}")) {
            return "gpu:" + Integer.parseInt(d.substring(4));
        }
        throw new BackendException(
                "backend 'tf': -Dppl.tf.device='"
                        + v
                        + "' is not a device; use cpu, gpu or gpu:N (e.g. gpu:0), or leave it"
                        + " unset to use a GPU when one is visible");
    }

    static int parseThreads(String v) {
        if (v == null || v.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return capThreads(n, Runtime.getRuntime().availableProcessors());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BackendException(
                "backend 'tf': -Dppl.threads='" + v + "' must be a positive number of threads");
    }

    /**
     * {@code n}, at most {@code cores}: TensorFlow starts that many intra- and inter-op threads
     * each, and with tens of thousands {@code pthread_create} fails minutes later and aborts the
     * JVM; more threads than cores never made a CPU step faster. A note says when it caps.
     */
    static int capThreads(int n, int cores) {
        if (n <= cores) {
            return n;
        }
        System.err.println(
                "note: backend 'tf': -Dppl.threads="
                        + n
                        + " is more than the "
                        + cores
                        + " cores here; using "
                        + cores);
        return cores;
    }

    static int parseLog(String v) {
        if (v == null || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off")) {
            return 3;
        }
        if (v.trim().matches("[0-3]")) {
            return Integer.parseInt(v.trim());
        }
        return -1;
    }
}
