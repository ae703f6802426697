package org.ppl4j.vae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ppl4j.vae.output.RunLock;

/** What a run directory holds, for comparing an interrupted run with an uninterrupted one. */
public final class RunFiles {
    private RunFiles() {}

    /**
     * The SHA-256 of every file in {@code dir} by name, but the lock file and the PNG (rendered
     * from the CSV's numbers, compared through it).
     */
    public static Map<String, String> digests(Path dir) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.equals(RunLock.NAME) && !name.equals("elbo.png")) {
                    m.put(
                            name,
                            HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256")
                                                    .digest(Files.readAllBytes(p))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return m;
    }
}
