package org.ppl4j.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.ppl4j.core.PplException;

/**
 * Finds backends on the class path (or module path: {@code uses BackendProvider}) and selects one.
 *
 * <p>Selection: the system property {@code ppl.backend}, else the environment variable {@code
 * PPL_BACKEND}, else the only provider, else the one with the lowest priority. Each backend is
 * created once per JVM (it wraps process-wide native state) on first use.
 *
 * <pre>{@code
 * Backend b = Backends.get();              // honours -Dppl.backend=tf
 * System.out.println(Backends.describe()); // for bug reports
 * }</pre>
 */
public final class Backends {
    /** Native backends are process-wide, like the libraries under them: one instance each. */
    private static final Map<String, Backend> CREATED = new ConcurrentHashMap<>();

    private Backends() {}

    /** The providers on the class path, lowest priority first. */
    public static List<BackendProvider> available() {
        List<BackendProvider> all = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            all.add(p);
        }
        all.sort(Comparator.comparingInt(BackendProvider::priority));
        return all;
    }

    /** The names of the providers on the class path. */
    public static List<String> availableNames() {
        return available().stream().map(BackendProvider::name).toList();
    }

    /** The name asked for by {@code -Dppl.backend} or {@code PPL_BACKEND}, or null. */
    public static String requestedName() {
        String n = System.getProperty("ppl.backend");
        if (n == null || n.isBlank()) {
            n = System.getenv("PPL_BACKEND");
        }
        return n == null || n.isBlank() ? null : n.trim();
    }

    /** The selected backend (see the class comment for the rule). */
    public static Backend get() {
        String n = requestedName();
        if (n != null) {
            return get(n);
        }
        List<BackendProvider> all = available();
        if (all.isEmpty()) {
            throw noProvider();
        }
        return create(all.get(0));
    }

    /** The backend with the given name. */
    public static Backend get(String name) {
        Backend b = CREATED.get(name);
        if (b != null) {
            return b;
        }
        List<BackendProvider> all = available();
        for (BackendProvider p : all) {
            if (p.name().equals(name)) {
                return create(p);
            }
        }
        if (all.isEmpty()) {
            throw noProvider();
        }
        throw new PplException(
                "no backend named '"
                        + name
                        + "'; available: "
                        + availableNames()
                        + " (set -Dppl.backend or PPL_BACKEND to one of them)");
    }

    static Backend create(BackendProvider p) {
        return CREATED.computeIfAbsent(p.name(), k -> start(p));
    }

    /** Creates the backend, wrapping a native loading failure once, with what to check. */
    static Backend start(BackendProvider p) {
        try {
            return p.create();
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new BackendException(
                    "backend '"
                            + p.name()
                            + "' failed to start: "
                            + e
                            + "; its native library is likely missing or does not fit this"
                            + " machine: put the backend's native jar for this platform on the"
                            + " class path (e.g. nd4j-native with classifier linux-x86_64, or"
                            + " tensorflow-core-native), or select another backend with"
                            + " -Dppl.backend or PPL_BACKEND; available: "
                            + availableNames(),
                    e);
        }
    }

    private static PplException noProvider() {
        return new PplException(
                "no ppl4j backend on the class path; add one backend jar, e.g."
                        + " org.ppl4j:ppl-backend-nd4j or org.ppl4j:ppl-backend-tf");
    }

    /** One line describing the selected backend, for bug reports. */
    public static String describe() {
        return get().describe();
    }

    /**
     * Prints one {@link Backend#describe} line for each backend the class path or module path
     * offers, lowest priority first, and exits with status 1 when there is none: {@code java -cp
     * LIBS org.ppl4j.spi.Backends}, or on the module path {@code java -p LIBS -m
     * org.ppl4j.api/org.ppl4j.spi.Backends}.
     */
    public static void main(String[] args) {
        List<BackendProvider> all = available();
        if (all.isEmpty()) {
            System.err.println(noProvider().getMessage());
            System.exit(1);
        }
        for (BackendProvider p : all) {
            System.out.println(get(p.name()).describe());
        }
    }
}
