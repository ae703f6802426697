package org.ppl4j.vae.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names of a run's checkpoints: {@code vae-epoch-003.safetensors} for the state after epoch 3,
 * one per epoch in the run's output directory.
 */
public final class Checkpoints {
    private static final Pattern NAME = Pattern.compile("vae-epoch-(\\d+)\\.safetensors");

    private Checkpoints() {}

    /** The checkpoint of {@code epoch} in {@code dir}. */
    public static Path file(Path dir, int epoch) {
        return dir.resolve(String.format("vae-epoch-%03d.safetensors", epoch));
    }

    /** The epoch a checkpoint's file name states, or -1 when it is not such a name. */
    public static int epochOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The epochs that have checkpoints in {@code dir}, ascending (none if it does not exist). */
    public static List<Integer> epochs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(Checkpoints::epochOf)
                    .filter(e -> e >= 0)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e, e);
        }
    }

    /** The newest checkpoint in {@code dir}. */
    public static Optional<Path> latest(Path dir) {
        List<Integer> e = epochs(dir);
        return e.isEmpty() ? Optional.empty() : Optional.of(file(dir, e.get(e.size() - 1)));
    }

    /**
     * Deletes all but the newest {@code keep} checkpoints in {@code dir} ({@code keep = 0}: none).
     */
    public static void prune(Path dir, int keep) {
        if (keep <= 0) {
            return;
        }
        List<Integer> e = epochs(dir);
        for (int i = 0; i < e.size() - keep; i++) {
            try {
                Files.deleteIfExists(file(dir, e.get(i)));
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot delete an old checkpoint: " + ex, ex);
            }
        }
    }
}
