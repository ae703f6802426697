package org.ppl4j.vae.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names of a run's checkpoints: {@code vae-epoch-003.safetensors} for the state after epoch 3,
 * one per epoch in the run's output directory, and {@code vae-epoch-004-step-00017.safetensors} for
 * the state after 17 steps of epoch 4, written when a run is stopped by a signal inside an epoch
 * (at most one; the end of that epoch deletes it).
 */
public final class Checkpoints {
    private static final Pattern NAME = Pattern.compile("vae-epoch-(\\d+)\\.safetensors");
    private static final Pattern STOPPED =
            Pattern.compile("vae-epoch-(\\d+)-step-(\\d+)\\.safetensors");

    /**
     * The temporary names {@link AtomicFiles} gives the files training writes, and the ones the
     * safetensors writer gives its own temporary beside those ({@code ..NAME.HEX.tmp.UUID.tmp}):
     * left behind only when a process was killed while writing one.
     */
    private static final Pattern TEMPORARY =
            Pattern.compile(
                    "\\.+(vae-epoch-\\d+(-step-\\d+)?\\.safetensors|elbo\\.csv|elbo\\.png)"
                            + "\\.[0-9a-f]+\\.tmp(\\.[0-9a-f-]+\\.tmp)?");

    private Checkpoints() {}

    /**
     * Where a checkpoint stands in its run, ordered by time: the end of {@code epoch} when {@code
     * step} is {@link Integer#MAX_VALUE}, else {@code step} steps into it.
     *
     * @param epoch the epoch, from 0
     * @param step the steps of that epoch done, or {@code Integer.MAX_VALUE} for all of them
     */
    public record Position(int epoch, int step) implements Comparable<Position> {
        /** The end of {@code epoch}. */
        public static Position endOf(int epoch) {
            return new Position(epoch, Integer.MAX_VALUE);
        }

        /** Whether this is the end of an epoch. */
        public boolean complete() {
            return step == Integer.MAX_VALUE;
        }

        @Override
        public int compareTo(Position o) {
            return Comparator.comparingInt(Position::epoch)
                    .thenComparingInt(Position::step)
                    .compare(this, o);
        }

        @Override
        public String toString() {
            return complete() ? "epoch " + epoch : "epoch " + epoch + " step " + step;
        }
    }

    /** The checkpoint of {@code epoch} in {@code dir}. */
    public static Path file(Path dir, int epoch) {
        return dir.resolve(String.format("vae-epoch-%03d.safetensors", epoch));
    }

    /** The checkpoint at {@code p} in {@code dir}. */
    public static Path file(Path dir, Position p) {
        return p.complete()
                ? file(dir, p.epoch())
                : dir.resolve(
                        String.format("vae-epoch-%03d-step-%05d.safetensors", p.epoch(), p.step()));
    }

    /** The epoch a checkpoint's file name states, or -1 when it is not an epoch's checkpoint. */
    public static int epochOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The position a checkpoint's file name states, if it is a checkpoint's name. */
    public static Optional<Position> positionOf(Path file) {
        String name = file.getFileName().toString();
        Matcher m = NAME.matcher(name);
        if (m.matches()) {
            return Optional.of(Position.endOf(Integer.parseInt(m.group(1))));
        }
        Matcher s = STOPPED.matcher(name);
        return s.matches()
                ? Optional.of(
                        new Position(Integer.parseInt(s.group(1)), Integer.parseInt(s.group(2))))
                : Optional.empty();
    }

    /** The epochs that have checkpoints in {@code dir}, ascending (none if it does not exist). */
    public static List<Integer> epochs(Path dir) {
        return positions(dir).stream().filter(Position::complete).map(Position::epoch).toList();
    }

    /** The positions of all checkpoints in {@code dir}, ascending. */
    public static List<Position> positions(Path dir) {
        return list(dir, Checkpoints::positionOf).stream().sorted().toList();
    }

    /** The newest epoch checkpoint in {@code dir}. */
    public static Optional<Path> latest(Path dir) {
        List<Integer> e = epochs(dir);
        return e.isEmpty() ? Optional.empty() : Optional.of(file(dir, e.get(e.size() - 1)));
    }

    /** The newest checkpoint in {@code dir}, a stopped epoch's included. */
    public static Optional<Path> newest(Path dir) {
        List<Position> p = positions(dir);
        return p.isEmpty() ? Optional.empty() : Optional.of(file(dir, p.get(p.size() - 1)));
    }

    /**
     * Deletes all but the newest {@code keep} checkpoints in {@code dir} ({@code keep = 0}: none),
     * and every stopped epoch's checkpoint before {@code upTo}, which a newer one replaces.
     */
    public static void prune(Path dir, int keep, Position upTo) {
        List<Position> all = positions(dir);
        List<Position> complete = all.stream().filter(Position::complete).toList();
        List<Position> delete = new ArrayList<>();
        all.stream().filter(p -> !p.complete() && p.compareTo(upTo) < 0).forEach(delete::add);
        if (keep > 0) {
            delete.addAll(complete.subList(0, Math.max(0, complete.size() - keep)));
        }
        for (Position p : delete) {
            try {
                Files.deleteIfExists(file(dir, p));
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot delete an old checkpoint: " + ex, ex);
            }
        }
    }

    /**
     * Deletes the temporary files that a killed run left in {@code dir} (the caller holds the
     * directory's lock, so no other writer is using them) and returns their names.
     */
    public static List<String> removeTemporaries(Path dir) {
        List<Path> stale =
                list(
                        dir,
                        p ->
                                TEMPORARY.matcher(p.getFileName().toString()).matches()
                                        ? Optional.of(p)
                                        : Optional.empty());
        List<String> names = new ArrayList<>();
        for (Path p : stale) {
            try {
                Files.deleteIfExists(p);
                names.add(p.getFileName().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete a stale temporary file: " + e, e);
            }
        }
        return names;
    }

    private static <T> List<T> list(Path dir, Function<Path, Optional<T>> match) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(match).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e, e);
        }
    }
}
