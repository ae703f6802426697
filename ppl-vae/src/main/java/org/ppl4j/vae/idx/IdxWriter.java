package org.ppl4j.vae.idx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.ppl4j.core.PplException;
import org.ppl4j.vae.output.AtomicFiles;

/**
 * Writes unsigned-byte IDX files, the inverse of {@link IdxReader} for MNIST-like data: small
 * fixtures and synthetic data sets.
 *
 * <pre>{@code
 * IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {3}, new byte[] {7, 2, 1});
 * }</pre>
 */
public final class IdxWriter {
    private IdxWriter() {}

    /** The bytes of an unsigned-byte IDX file: header, then {@code data} (row-major). */
    public static byte[] encode(int[] dims, byte[] data) {
        if (dims.length == 0 || dims.length > 255) {
            throw new PplException(
                    "IdxWriter: an IDX file has 1 to 255 dimensions, got " + dims.length);
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new PplException("IdxWriter: negative dimension " + d);
            }
            n *= d;
        }
        if (n != data.length) {
            throw new PplException(
                    "IdxWriter: the dimensions hold "
                            + n
                            + " elements but data has "
                            + data.length);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) IdxType.UNSIGNED_BYTE.code());
        b.put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /**
     * Writes {@link #encode encode(dims, data)} to {@code file}, gzip-compressed when the name ends
     * in {@code .gz}; through a temporary file in the same directory, moved into place, so {@code
     * file} never holds a partial write.
     */
    public static void write(Path file, int[] dims, byte[] data) {
        byte[] bytes = encode(dims, data);
        byte[] content = file.toString().endsWith(".gz") ? gzip(bytes) : bytes;
        AtomicFiles.write(file, tmp -> Files.write(tmp, content));
    }

    /** {@code bytes} gzip-compressed. */
    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
