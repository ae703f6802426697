package org.ppl4j.spi;

import java.util.Set;

/**
 * A set of native kernels: the closed list of {@link Primitive}s on opaque {@link Handle}s.
 *
 * <p>Shapes and dtypes are already checked and inferred by the caller; a backend only computes.
 * Broadcasting follows NumPy. Data crosses to the host only through {@code fromHost} and {@code
 * to*}. Derived operations are written once in ppl-api; a backend may run some as one kernel by
 * returning true from {@link #supports(Primitive)} for that {@link FusedOp}.
 */
public interface Backend {
    /** The name users select it by ({@code -Dppl.backend=NAME}). */
    String name();

    /** The version of the native library underneath. */
    String version();

    /** The device kernels run on, e.g. {@code cpu} or {@code gpu:0}. */
    String device();

    /** The number of threads kernels use. */
    int threads();

    /** What this backend can do beyond float32 on the host. */
    Set<Capability> capabilities();

    /** Whether this backend runs {@code p} itself; always true except for optional fused ops. */
    default boolean supports(Primitive p) {
        return !(p instanceof FusedOp);
    }

    /** Uploads row-major floats as a tensor of {@code type} (converting to its dtype). */
    Handle fromHost(float[] data, TensorType type);

    /** Uploads row-major doubles as a tensor of {@code type} (rounding to its dtype). */
    Handle fromHost(double[] data, TensorType type);

    /** Downloads the elements, row-major, as floats. */
    float[] toFloats(Handle h, TensorType type);

    /** Downloads the elements, row-major, as doubles. */
    double[] toDoubles(Handle h, TensorType type);

    /**
     * Runs one primitive.
     *
     * @param in the input handles, in the primitive's argument order
     * @param inTypes their types
     * @param out the output type, as inferred by {@link Primitive#infer}
     * @return a new handle the caller owns
     */
    Handle execute(Primitive p, Attr attr, Handle[] in, TensorType[] inTypes, TensorType out);

    /**
     * The compiler for traced programs, or null when graphs are to be replayed primitive by
     * primitive (the default). A backend that has one declares {@link Capability#COMPILE}.
     */
    default Compiler compiler() {
        return null;
    }

    /** Frees a handle's native memory; called exactly once per handle. */
    void release(Handle h);

    /** The number of handles made and not yet released (for leak checks). */
    long liveHandles();

    /** One line for bug reports: name, version, device, threads, capabilities. */
    default String describe() {
        return "backend="
                + name()
                + " version="
                + version()
                + " device="
                + device()
                + " threads="
                + threads()
                + " capabilities="
                + capabilities();
    }
}
