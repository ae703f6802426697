package org.ppl4j.vae;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The real MNIST files, which tests reach only through {@code PPL_MNIST_DIR}. */
public final class RealMnist {
    private RealMnist() {}

    /** The directory {@code PPL_MNIST_DIR} names; the calling test is skipped when it is unset. */
    public static Path dir() {
        String d = System.getenv("PPL_MNIST_DIR");
        assumeTrue(
                d != null && !d.isBlank(),
                "PPL_MNIST_DIR is not set: skipping the tests on the real MNIST files");
        return Path.of(d);
    }
}
