package org.ppl4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.internal.json.Json;

/** Writes safetensors files through a temporary file and an atomic move. */
final class SafeTensorsWriter {
    private static final int CHUNK_BYTES = 1 << 20;

    private SafeTensorsWriter() {}

    static void write(Path file, Map<String, HostArray> arrays, Map<String, String> metadata) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        // Float64 data first, so every array is aligned to its element size after the padded
        // header (readers that map the file can use it in place).
        List<Map.Entry<String, HostArray>> order = new ArrayList<>(arrays.entrySet());
        order.sort(Comparator.comparingInt(e -> -e.getValue().dtype().byteSize()));
        byte[] header = header(arrays, order, metadata);
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch =
                    FileChannel.open(
                            tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                len.putLong(header.length).flip();
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                for (Map.Entry<String, HostArray> e : order) {
                    writeData(ch, e.getValue());
                }
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The write already failed; that error is the one to report.
            }
            throw new PplException(
                    "cannot write safetensors file "
                            + target
                            + ": "
                            + e
                            + "; the previous file, if any, is unchanged",
                    e);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] header(
            Map<String, HostArray> arrays,
            List<Map.Entry<String, HostArray>> dataOrder,
            Map<String, String> metadata) {
        Map<String, long[]> offsets = new HashMap<>();
        long at = 0;
        for (Map.Entry<String, HostArray> e : dataOrder) {
            long end = at + e.getValue().byteSize();
            offsets.put(e.getKey(), new long[] {at, end});
            at = end;
        }
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.writeString(sb, SafeTensors.METADATA_KEY);
            sb.append(":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                Json.writeString(sb, m.getKey());
                sb.append(':');
                Json.writeString(sb, m.getValue());
            }
            sb.append('}');
        }
        for (Map.Entry<String, HostArray> e : arrays.entrySet()) {
            HostArray a = e.getValue();
            long[] off = offsets.get(e.getKey());
            sb.append(sb.length() > 1 ? "," : "");
            Json.writeString(sb, e.getKey());
            sb.append(":{\"dtype\":\"")
                    .append(a.dtype() == DType.F32 ? "F32" : "F64")
                    .append("\",\"shape\":[");
            int[] dims = a.shape().toArray();
            for (int i = 0; i < dims.length; i++) {
                sb.append(i > 0 ? "," : "").append(dims[i]);
            }
            sb.append("],\"data_offsets\":[").append(off[0]).append(',').append(off[1]);
            sb.append("]}");
        }
        sb.append('}');
        // Pads with spaces to a multiple of 8 bytes, as the reference implementation does.
        byte[] raw = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(raw, 0, out, 0, raw.length);
        for (int i = raw.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static void writeData(FileChannel ch, HostArray a) throws IOException {
        int perChunk = CHUNK_BYTES / a.dtype().byteSize();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < a.size(); from += perChunk) {
            int n = Math.min(perChunk, a.size() - from);
            buf.clear();
            a.write(buf, from, n);
            buf.flip();
            writeFully(ch, buf);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
