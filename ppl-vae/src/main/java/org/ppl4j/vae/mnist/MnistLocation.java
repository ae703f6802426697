package org.ppl4j.vae.mnist;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where MNIST is read from, and who said so: {@code --data-dir}, else the environment variable
 * {@code PPL_MNIST_DIR}, else a per-user cache directory ({@code $XDG_CACHE_HOME/ppl4j/mnist} or
 * {@code ~/.cache/ppl4j/mnist}). Only the cache is ever downloaded into.
 *
 * @param dir the directory
 * @param origin how it was chosen
 */
public record MnistLocation(Path dir, Origin origin) {
    /** The environment variable that names the MNIST directory. */
    public static final String ENV = "PPL_MNIST_DIR";

    /** How the directory was chosen. */
    public enum Origin {
        /** The {@code --data-dir} option. */
        OPTION("--data-dir"),
        /** The {@code PPL_MNIST_DIR} environment variable. */
        ENVIRONMENT(ENV),
        /** The per-user cache. */
        CACHE("the cache directory");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** How messages name it, e.g. {@code --data-dir}. */
        public String label() {
            return label;
        }
    }

    /**
     * Chooses the directory: {@code option} if not null, else {@code env}'s {@code PPL_MNIST_DIR}
     * if set, else the cache under {@code env}'s {@code XDG_CACHE_HOME} or {@code home/.cache}.
     */
    public static MnistLocation resolve(Path option, Map<String, String> env, Path home) {
        if (option != null) {
            return new MnistLocation(option, Origin.OPTION);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new MnistLocation(Path.of(fromEnv.trim()), Origin.ENVIRONMENT);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache =
                xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                        ? Path.of(xdg)
                        : home.resolve(".cache");
        return new MnistLocation(cache.resolve("ppl4j").resolve("mnist"), Origin.CACHE);
    }

    /** Whether the user named the directory (then nothing is downloaded into it). */
    public boolean explicit() {
        return origin != Origin.CACHE;
    }

    /** E.g. {@code --data-dir /data/mnist}. */
    @Override
    public String toString() {
        return origin.label() + " " + dir;
    }
}
