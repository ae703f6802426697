package org.ppl4j.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared fixtures directory ({@code shared/fixtures} beside the repository). */
final class FixtureFiles {
    private FixtureFiles() {}

    /** The fixture file, or a skipped test saying why it is absent. */
    static Path require(String name) {
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
