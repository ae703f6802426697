package org.ppl4j.tck.conformance;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.ppl4j.core.DType;
import org.ppl4j.spi.Backend;

/**
 * Collects every disagreement between a backend and the reference over many cases, so one failing
 * test reports all of them (primitive, dtype, shapes, values) instead of the first.
 *
 * <p>Rule per element: NaN must meet NaN, an infinity the same infinity; otherwise {@code |got -
 * ref| <= atol + rtol * scale}, where {@code scale} is {@code |ref|} unless the caller passes the
 * magnitude of the terms that were summed. {@code rtol} is 1e-5 for float32 (about 80 ulps, room
 * for a different summation order or a vectorised libm) and 1e-12 for float64; {@code atol} is the
 * dtype's smallest normal number, so flushing subnormal results to zero is allowed.
 */
final class Agreement {
    private static final int MAX_REPORTED = 25;
    private final List<String> problems = new ArrayList<>();
    private int cases;

    static double rtol(DType d) {
        return d == DType.F32 ? 1e-5 : 1e-12;
    }

    static double atol(DType d) {
        return d == DType.F32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
    }

    /**
     * Whether {@code got} agrees with {@code ref}: NaN with NaN, infinity with the same infinity,
     * else within {@code atol + rtol * scale} (a scale that is not finite falls back to |ref|).
     */
    static boolean close(double ref, double got, double scale, double rtol, double atol) {
        if (Double.isNaN(ref) || Double.isNaN(got)) {
            return Double.isNaN(ref) && Double.isNaN(got);
        }
        if (Double.isInfinite(ref) || Double.isInfinite(got)) {
            return ref == got;
        }
        double s = Double.isFinite(scale) ? scale : Math.abs(ref);
        return Math.abs(got - ref) <= atol + rtol * s;
    }

    /** Compares at the dtype's tolerances; {@code scale} may be null (then |ref| is used). */
    void check(Object what, HostTensor ref, HostTensor got, double[] scale, DType dtype) {
        check(what, ref, got, scale, rtol(dtype), atol(dtype));
    }

    /** Compares one case's result; {@code scale} may be null (then {@code |ref|} is used). */
    void check(
            Object what, HostTensor ref, HostTensor got, double[] scale, double rtol, double atol) {
        cases++;
        if (!ref.shape().equals(got.shape()) || ref.data().length != got.data().length) {
            problems.add(
                    what
                            + ": shape "
                            + got.shape()
                            + " ("
                            + got.data().length
                            + " values), expected "
                            + ref.shape());
            return;
        }
        for (int i = 0; i < ref.data().length; i++) {
            double r = ref.data()[i];
            double g = got.data()[i];
            double s = scale == null ? Math.abs(r) : scale[i];
            if (!close(r, g, s, rtol, atol)) {
                problems.add(
                        what
                                + ": element "
                                + i
                                + " is "
                                + g
                                + ", reference "
                                + r
                                + (scale == null ? "" : " (error scale " + s + ")"));
                return; // the first bad element of a case says enough
            }
        }
    }

    /** Runs every case on {@code oracle} and on {@code b} and compares the results. */
    static Agreement of(Backend oracle, Backend b, List<OpCase> cases) {
        return of(oracle, b, cases, InputLayout.CONTIGUOUS);
    }

    /** Compares with the inputs reaching the primitive on {@code b} in the given layout. */
    static Agreement of(Backend oracle, Backend b, List<OpCase> cases, InputLayout layout) {
        Agreement agreement = new Agreement();
        for (OpCase c : cases) {
            HostTensor ref = c.runOn(oracle);
            HostTensor got;
            try {
                got = c.runOn(b, layout);
            } catch (RuntimeException e) {
                agreement.failed(layout + " " + c, e);
                continue;
            }
            double[] scale = PrimitiveCases.errorScale(c, ref, oracle);
            agreement.check(layout + " " + c, ref, got, scale, c.outType().dtype());
        }
        return agreement;
    }

    /** Records that a case could not be run at all. */
    void failed(Object what, Throwable t) {
        cases++;
        problems.add(what + ": threw " + t);
    }

    void report(String problem) {
        problems.add(problem);
    }

    /** Fails listing every problem, if there was one. */
    void assertAllAgree() {
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size()).append(" of ").append(cases).append(" cases disagree:");
        for (int i = 0; i < problems.size() && i < MAX_REPORTED; i++) {
            sb.append("\n  ").append(problems.get(i));
        }
        if (problems.size() > MAX_REPORTED) {
            sb.append("\n  ... and ").append(problems.size() - MAX_REPORTED).append(" more");
        }
        fail(sb.toString());
    }

    int cases() {
        return cases;
    }

    boolean agrees() {
        return problems.isEmpty();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
