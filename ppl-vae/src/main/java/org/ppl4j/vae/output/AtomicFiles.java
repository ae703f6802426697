package org.ppl4j.vae.output;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;

/**
 * Writes outputs so that a reader never sees a partial file: the content goes to a temporary file
 * in the same directory, which is then renamed over the target in one atomic step. A failure leaves
 * the old file as it was and removes the temporary one.
 *
 * <pre>{@code
 * AtomicFiles.write(out.resolve("vae-epoch-003.safetensors"), tmp -> session.saveCheckpoint(tmp, 3));
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Fills a temporary file that exists and is empty. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code tmp}, overwriting it. */
        void writeTo(Path tmp) throws IOException;
    }

    /** Writes files atomically: {@link AtomicFiles#write}, or a stand-in for it in tests. */
    @FunctionalInterface
    public interface Writer {
        /** Writes {@code content} to {@code target} atomically, or fails leaving it as it was. */
        void write(Path target, Content content);
    }

    /** Writes {@code content} to {@code target} atomically. */
    public static void write(Path target, Content content) {
        Path tmp = null;
        try {
            tmp = temporaryBeside(target, ".tmp");
            content.writeTo(tmp);
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The original failure is what matters; a stray dot-file is harmless.
                }
            }
        }
    }

    /**
     * Creates a new empty file in {@code target}'s directory, named after it with a leading dot, a
     * random part and {@code suffix}. Unlike {@link Files#createTempFile} it gets the permissions
     * of any new file (the umask's), so the renamed output is readable as usual.
     */
    public static Path temporaryBeside(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            String name =
                    "."
                            + target.getFileName()
                            + "."
                            + Long.toHexString(ThreadLocalRandom.current().nextLong())
                            + suffix;
            try {
                return Files.createFile(dir.resolve(name));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Writes {@code image} as PNG to {@code target} atomically. */
    public static void writePng(Path target, RenderedImage image) {
        write(target, tmp -> writePngTo(tmp, image));
    }

    /** Writes {@code image} as PNG to {@code file} (not atomically: a {@link Content} step). */
    public static void writePngTo(Path file, RenderedImage image) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM's ImageIO");
        }
    }
}
