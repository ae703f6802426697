package org.ppl4j.backend.nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.ppl4j.core.PplException;

/**
 * The process-wide ND4J runtime as this backend configures it: natives loaded, startup logging
 * quiet, one thread count for libnd4j's kernels, OpenMP and OpenBLAS.
 *
 * @param threads the thread count now in force for all three
 * @param version ND4J's version
 */
record Nd4jRuntime(int threads, String version) {
    /**
     * The system property that sets the thread count. The default is 1: on a two-core machine two
     * threads made a VAE training step 2 to 10 times slower, as OpenMP's and OpenBLAS's spinning
     * workers fight the JVM's compiler and collector threads (and any other process) for the cores;
     * only an otherwise idle matrix product gained (1.7 times).
     */
    static final String THREADS_PROPERTY = "ppl.threads";

    /**
     * Loads ND4J and applies the settings. libnd4j sizes its thread pool once, when it loads (from
     * {@code OMP_NUM_THREADS} or the core count), and its kernels then use up to "max master
     * threads" of it; so the count applied is the requested one capped at the pool size. With more
     * than one thread, OpenMP's default active wait policy makes idle workers spin; that policy is
     * read only from the environment at process start, so users who raise {@code ppl.threads}
     * should also export {@code OMP_WAIT_POLICY=PASSIVE}.
     */
    static Nd4jRuntime start() {
        int requested = requestedThreads();
        Nd4jLogging.quietStartup();
        Nd4j.scalar(DataType.FLOAT, 0f).close(); // loads the backend and its natives now
        int threads = Math.min(requested, Nd4j.getEnvironment().maxThreads());
        if (threads < requested) {
            System.err.println(
                    "note: backend 'nd4j': -Dppl.threads="
                            + requested
                            + " is more than the "
                            + threads
                            + " OpenMP threads ND4J allows here; using "
                            + threads);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        warmUp();
        return new Nd4jRuntime(Nd4j.getEnvironment().maxMasterThreads(), readVersion());
    }

    /**
     * Runs one custom op and one legacy op on scalars, so that libnd4j builds its op registry
     * (about 0.1 s) here, with the natives, rather than inside the first kernel a model runs.
     */
    private static void warmUp() {
        try (INDArray x = Nd4j.scalar(DataType.FLOAT, 1f);
                INDArray z = Nd4j.scalar(DataType.FLOAT, 0f)) {
            Nd4j.exec(DynamicCustomOp.builder("add").addInputs(x, x).addOutputs(z).build());
            Nd4j.getExecutioner().exec(new Exp(x, z));
        }
    }

    /** The thread counts libnd4j's kernels, OpenMP and OpenBLAS report now. */
    static int[] reportedThreads() {
        return new int[] {
            Nd4j.getEnvironment().maxMasterThreads(),
            NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
            Nd4j.factory().blas().getMaxThreads()
        };
    }

    private static int requestedThreads() {
        String v = System.getProperty(THREADS_PROPERTY);
        if (v == null || v.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PplException(
                "system property "
                        + THREADS_PROPERTY
                        + "='"
                        + v
                        + "' is not a positive integer; set e.g. -D"
                        + THREADS_PROPERTY
                        + "=1");
    }

    private static String readVersion() {
        String path = "META-INF/maven/org.nd4j/nd4j-native/pom.properties";
        try (InputStream in = Nd4j.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
