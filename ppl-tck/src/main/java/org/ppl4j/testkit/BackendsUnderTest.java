package org.ppl4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendProvider;
import org.ppl4j.spi.Backends;
import org.ppl4j.spi.Capability;

/**
 * The backends the conformance suites run on: the one named by {@code -Dppl.backend} or {@code
 * PPL_BACKEND} (an empty value counts as unset), else every provider on the class path, the
 * reference included (the oracle checks itself too, which costs little). A third-party backend
 * takes the kit by putting its jar, which registers its {@link BackendProvider}, on the test class
 * path. A class path with no backend but the reference is a mistake, not a pass: every suite fails
 * saying what to add.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @MethodSource("org.ppl4j.testkit.BackendsUnderTest#arguments")
 * void addsBroadcast(Backend backend) { ... }
 * }</pre>
 */
public final class BackendsUnderTest {
    /** The name of the kit's oracle, {@link ReferenceBackend}. */
    public static final String REFERENCE = "reference";

    private BackendsUnderTest() {}

    /** The names of the backends under test, in priority order. */
    public static List<String> names() {
        return names(Backends.requestedName(), Backends.availableNames());
    }

    /**
     * The rule of {@link #names()}: the requested backend, else every available one, failing when
     * nothing but the reference is available and nothing was requested.
     */
    static List<String> names(String requested, List<String> available) {
        if (requested != null) {
            return List.of(requested);
        }
        if (available.stream().allMatch(REFERENCE::equals)) {
            throw new PplException(
                    "the ppl4j conformance kit found no backend to test: the test class path has"
                            + " only "
                            + available
                            + " (the reference is the oracle the others are compared with); put"
                            + " your backend's jar on the test class path with its provider listed"
                            + " in META-INF/services/org.ppl4j.spi.BackendProvider, or name the"
                            + " backend to test with -Dppl.backend=NAME (-Dppl.backend=reference"
                            + " runs the kit on the oracle itself)");
        }
        return available;
    }

    /** The backends under test (each created once per JVM by {@link Backends}). */
    public static Stream<Backend> all() {
        return names().stream().map(Backends::get);
    }

    /** The backends under test as JUnit arguments, each displayed by its name. */
    public static Stream<Arguments> arguments() {
        return all().map(b -> Arguments.of(named(b)));
    }

    /**
     * Each backend under test combined with every combination of the given values, one argument
     * list per combination (backend first), e.g. backends x primitives x dtypes.
     */
    public static Stream<Arguments> crossedWith(List<?>... axes) {
        List<List<Object>> combos = new ArrayList<>();
        combos.add(List.of());
        for (List<?> axis : axes) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> c : combos) {
                for (Object v : axis) {
                    List<Object> longer = new ArrayList<>(c);
                    longer.add(v);
                    next.add(longer);
                }
            }
            combos = next;
        }
        List<List<Object>> all = combos;
        return all().flatMap(
                        b ->
                                all.stream()
                                        .map(
                                                c -> {
                                                    List<Object> args = new ArrayList<>();
                                                    args.add(named(b));
                                                    args.addAll(c);
                                                    return Arguments.of(args.toArray());
                                                }));
    }

    /**
     * Each backend under test with each floating dtype it computes in (float32 always, float64
     * where it declares {@link org.ppl4j.spi.Capability#FLOAT64}), one argument list per pair.
     */
    public static Stream<Arguments> withTheirDtypes() {
        return all().flatMap(
                        b ->
                                DType.floating().stream()
                                        .filter(
                                                d ->
                                                        d == DType.F32
                                                                || b.capabilities()
                                                                        .contains(
                                                                                Capability.FLOAT64))
                                        .map(d -> Arguments.of(named(b), d)));
    }

    private static Named<Backend> named(Backend b) {
        return Named.of(b.name(), b);
    }
}
