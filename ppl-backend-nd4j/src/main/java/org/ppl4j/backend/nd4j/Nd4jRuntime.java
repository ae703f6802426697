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
 * quiet, and the thread counts. The backend's own threads ({@link Nd4jWorkers}) share its large
 * matrix products; libnd4j's kernels and OpenMP run on {@code kernelThreads}; OpenBLAS always runs
 * single-threaded, since the backend cuts a large product into one OpenBLAS call per thread itself.
 *
 * @param threads the backend's thread count ({@value #THREADS_PROPERTY})
 * @param kernelThreads the thread count of libnd4j's kernels and OpenMP ({@value
 *     #KERNEL_THREADS_PROPERTY})
 * @param version ND4J's version
 */
record Nd4jRuntime(int threads, int kernelThreads, String version) {
    /**
     * The system property that sets the backend's thread count, default all cores (and capped at
     * them). Large matrix products are cut into that many blocks, each one single-threaded OpenBLAS
     * call on its own thread.
     */
    static final String THREADS_PROPERTY = "ppl.threads";

    /**
     * The system property that sets libnd4j's own thread count for its elementwise kernels and
     * reductions, default 1: on a two-core machine two such threads made a VAE training step
     * slower, not faster (BENCHMARKS.md), as libnd4j splits even small kernels and OpenMP's idle
     * workers spin unless {@code OMP_WAIT_POLICY=PASSIVE} was exported before the process started.
     */
    static final String KERNEL_THREADS_PROPERTY = "ppl.nd4j.kernelThreads";

    /**
     * Loads ND4J and applies the settings. libnd4j sizes its thread pool once, when it loads (from
     * {@code OMP_NUM_THREADS} or the core count), and its kernels then use up to "max master
     * threads" of it; so the kernel thread count applied is the requested one capped at the pool
     * size.
     */
    static Nd4jRuntime start() {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = positive(THREADS_PROPERTY, cores);
        if (threads > cores) {
            System.err.println(
                    "note: backend 'nd4j': -D"
                            + THREADS_PROPERTY
                            + "="
                            + threads
                            + " is more than the "
                            + cores
                            + " cores here; using "
                            + cores);
            threads = cores;
        }
        int requested = positive(KERNEL_THREADS_PROPERTY, 1);
        Nd4jLogging.quietStartup();
        Nd4j.scalar(DataType.FLOAT, 0f).close(); // loads the backend and its natives now
        int kernelThreads = Math.min(requested, Nd4j.getEnvironment().maxThreads());
        if (kernelThreads < requested) {
            System.err.println(
                    "note: backend 'nd4j': -D"
                            + KERNEL_THREADS_PROPERTY
                            + "="
                            + requested
                            + " is more than the "
                            + kernelThreads
                            + " OpenMP threads ND4J allows here; using "
                            + kernelThreads);
        }
        if (kernelThreads > 1 && System.getenv("OMP_WAIT_POLICY") == null) {
            System.err.println(
                    "note: backend 'nd4j': "
                            + kernelThreads
                            + " OpenMP threads with OpenMP's spinning wait policy were 2x slower"
                            + " than one thread on 2 cores; export OMP_WAIT_POLICY=PASSIVE before"
                            + " starting, or leave -D"
                            + KERNEL_THREADS_PROPERTY
                            + " at 1");
        }
        Nd4j.getEnvironment().setMaxMasterThreads(kernelThreads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(kernelThreads);
        Nd4j.factory().blas().setMaxThreads(1);
        warmUp();
        return new Nd4jRuntime(threads, Nd4j.getEnvironment().maxMasterThreads(), readVersion());
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

    private static int positive(String property, int otherwise) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return otherwise;
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
                        + property
                        + "='"
                        + v
                        + "' is not a positive integer; set e.g. -D"
                        + property
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
