package org.ppl4j.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files in {@code shared/fixtures}, which sits beside the repository, not in it. */
public final class SharedFixtures {
    private SharedFixtures() {}

    /** The fixture file; the calling test is skipped, saying why, when it is absent. */
    public static Path require(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("shared").resolve("fixtures").resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        assumeTrue(
                false,
                "fixture "
                        + name
                        + " not found in shared/fixtures above "
                        + Path.of("").toAbsolutePath()
                        + "; the fixtures are not in the repository, so this check is skipped");
        return null;
    }
}
