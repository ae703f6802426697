package org.ppl4j.vae.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and its relatives), raw or gzip-compressed.
 *
 * <p>An IDX file is a 4-byte big-endian magic number ({@code 0x00 0x00}, a type code, the number of
 * dimensions), one big-endian 32-bit size per dimension, then the elements in row-major order.
 * Compression is recognised from the content (the gzip signature), not the file name. Every
 * malformed file fails with an {@link IdxException} naming the file and what is wrong: wrong magic,
 * unknown type, truncated header or data, extra bytes, corrupt gzip stream.
 *
 * <pre>{@code
 * IdxArray labels = IdxReader.read(dir.resolve("t10k-labels-idx1-ubyte.gz"));
 * int first = labels.toInts()[0];
 * }</pre>
 */
public final class IdxReader {
    private static final int GZIP_MAGIC_1 = 0x1F;
    private static final int GZIP_MAGIC_2 = 0x8B;
    private static final int BUFFER = 1 << 16;

    /** The largest Java array the JVMs we run on allocate. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8L;

    private IdxReader() {}

    /** Reads the whole IDX file at {@code file}, decompressing it if it is gzip data. */
    public static IdxArray read(Path file) {
        try (InputStream raw = open(file);
                InputStream in = maybeGunzip(raw)) {
            return read(file, in);
        } catch (ZipException e) {
            throw new IdxException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new IdxException(file, "truncated: the gzip stream ends early", e);
        } catch (IOException e) {
            throw new IdxException(file, "cannot be read: " + e, e);
        }
    }

    private static InputStream open(Path file) {
        try {
            return new BufferedInputStream(Files.newInputStream(file), BUFFER);
        } catch (NoSuchFileException e) {
            throw new IdxException(file, "not found", e);
        } catch (AccessDeniedException e) {
            throw new IdxException(file, "not readable (permission denied)", e);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new IdxException(file, "is a directory, not a file", e);
            }
            throw new IdxException(file, "cannot be opened: " + e, e);
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == GZIP_MAGIC_1 && b1 == GZIP_MAGIC_2) {
            return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
        }
        return in;
    }

    private static IdxArray read(Path file, InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = readHeader(file, in, 4, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxException(
                    file,
                    String.format(
                            "wrong magic number 0x%02X%02X%02X%02X: an IDX file starts with two"
                                    + " zero bytes, a type code and the number of dimensions"
                                    + " (MNIST images: 0x00000803, labels: 0x00000801)",
                            magic[0], magic[1], magic[2], magic[3]));
        }
        IdxType type = IdxType.ofCode(magic[2] & 0xFF);
        if (type == null) {
            throw new IdxException(
                    file,
                    String.format(
                            "wrong magic number 0x0000%02X%02X: type code 0x%02X is not an IDX type"
                                    + " (0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float,"
                                    + " 0x0E double)",
                            magic[2], magic[3], magic[2]));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new IdxException(
                    file, "wrong magic number: 0 dimensions (an IDX file has at least one)");
        }
        int[] dims = readDims(file, in, rank);
        long bytes = (long) type.bytes();
        for (int d : dims) {
            bytes *= d;
            if (bytes > MAX_BYTES) {
                throw new IdxException(
                        file,
                        "header declares "
                                + describe(dims, type)
                                + ", more than one Java array holds (2 GiB)");
            }
        }
        byte[] data = readData(file, in, (int) bytes, dims, type);
        if (in.read() != -1) {
            throw new IdxException(
                    file,
                    "extra bytes after the "
                            + bytes
                            + " data bytes that the header declares ("
                            + describe(dims, type)
                            + "); the file is corrupt or not what its header says");
        }
        return new IdxArray(file, type, dims, data);
    }

    private static int[] readDims(Path file, DataInputStream in, int rank) throws IOException {
        byte[] header = readHeader(file, in, 4 * rank, "the sizes of " + rank + " dimensions");
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] =
                    ((header[4 * i] & 0xFF) << 24)
                            | ((header[4 * i + 1] & 0xFF) << 16)
                            | ((header[4 * i + 2] & 0xFF) << 8)
                            | (header[4 * i + 3] & 0xFF);
            if (dims[i] < 0) {
                throw new IdxException(
                        file,
                        "dimension "
                                + i
                                + " has a negative size ("
                                + dims[i]
                                + "); the header is corrupt");
            }
        }
        return dims;
    }

    private static byte[] readHeader(Path file, InputStream in, int n, String what)
            throws IOException {
        byte[] b = new byte[n];
        int got = readFully(in, b);
        if (got < n) {
            throw new IdxException(
                    file,
                    "truncated header: expected "
                            + what
                            + " ("
                            + n
                            + " bytes) but the file ends after "
                            + got);
        }
        return b;
    }

    private static byte[] readData(Path file, InputStream in, int n, int[] dims, IdxType type)
            throws IOException {
        byte[] data = new byte[n];
        int got;
        try {
            got = readFully(in, data);
        } catch (EOFException e) {
            throw new IdxException(
                    file,
                    "truncated: the gzip stream ends before the "
                            + n
                            + " data bytes that the header declares ("
                            + describe(dims, type)
                            + ")",
                    e);
        }
        if (got < n) {
            throw new IdxException(
                    file,
                    "truncated: the header declares "
                            + describe(dims, type)
                            + " ("
                            + n
                            + " bytes) but only "
                            + got
                            + " bytes follow it"
                            + typeHint(n / type.bytes(), got, type));
        }
        return data;
    }

    /**
     * When the data present are exactly the declared elements at a smaller type's size, the
     * header's type code is what is wrong, not the length: say so.
     */
    private static String typeHint(long elements, long got, IdxType declared) {
        for (IdxType t : IdxType.values()) {
            if (t.bytes() < declared.bytes() && elements * t.bytes() == got) {
                return String.format(
                        "; that is exactly %d %s-byte elements, so the type code 0x%02X (%s) in"
                                + " the magic number is likely wrong, not the length (%s is 0x%02X)",
                        elements,
                        t.bytes() == 1 ? "one" : Integer.toString(t.bytes()),
                        declared.code(),
                        declared.name().toLowerCase().replace('_', ' '),
                        t.name().toLowerCase().replace('_', ' '),
                        t.code());
            }
        }
        return "";
    }

    /** Reads until {@code b} is full or the stream ends; the number of bytes read. */
    private static int readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int r = in.read(b, off, b.length - off);
            if (r < 0) {
                break;
            }
            off += r;
        }
        return off;
    }

    private static String describe(int[] dims, IdxType type) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : " x ").append(dims[i]);
        }
        return s.append(' ')
                .append(type.name().toLowerCase().replace('_', ' '))
                .append('s')
                .toString();
    }
}
