package org.ppl4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.internal.json.Json;

/** Reads a safetensors file, checking the header and the data layout before trusting either. */
final class SafeTensorsReader {
    /** The largest header the format allows (100 MB, as in the reference implementation). */
    private static final long MAX_HEADER = 100_000_000L;

    private final Path file;

    private SafeTensorsReader(Path file) {
        this.file = file;
    }

    /** One tensor's header entry. */
    private record Entry(String name, DType dtype, Shape shape, long begin, long end) {}

    static SafeTensors read(Path file) {
        return new SafeTensorsReader(file.toAbsolutePath()).read();
    }

    private SafeTensors read() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw fail(
                        "the file is "
                                + size
                                + " bytes, too short for the 8-byte header length; it is not"
                                + " safetensors or was cut off");
            }
            long headerLen = readFully(ch, 0, 8).getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw fail(
                        "bad header length "
                                + Long.toUnsignedString(headerLen)
                                + " (the file has "
                                + (size - 8)
                                + " bytes after the length, and the format allows at most "
                                + MAX_HEADER
                                + "); it is not safetensors or was cut off");
            }
            String json = decode(readFully(ch, 8, (int) headerLen));
            Map<String, Object> header = parseHeader(json);
            Map<String, String> metadata = metadata(header.remove(SafeTensors.METADATA_KEY));
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                entries.add(entry(e.getKey(), e.getValue()));
            }
            long dataStart = 8 + headerLen;
            checkLayout(entries, size - dataStart);
            Map<String, HostArray> arrays = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer buf = readFully(ch, dataStart + e.begin, (int) (e.end - e.begin));
                arrays.put(e.name, HostArray.read(buf, e.dtype, e.shape));
            }
            return new SafeTensors(arrays, metadata, "safetensors file " + file);
        } catch (NoSuchFileException e) {
            throw fail("it does not exist");
        } catch (IOException e) {
            throw new PplException("cannot read safetensors file " + file + ": " + e, e);
        }
    }

    private String decode(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail("the header is not valid UTF-8, so this is not a safetensors file");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parseHeader(String json) {
        Object v;
        try {
            v = Json.parse(json);
        } catch (Json.SyntaxException e) {
            throw fail("the header is not valid JSON: " + e.getMessage());
        }
        if (!(v instanceof Map)) {
            throw fail("the header is JSON but not an object of tensor entries");
        }
        return (Map<String, Object>) v;
    }

    private Map<String, String> metadata(Object v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw fail("\"" + SafeTensors.METADATA_KEY + "\" must be an object of strings");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail("metadata value of \"" + e.getKey() + "\" is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private Entry entry(String name, Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw fail("the entry of tensor '" + name + "' is not an object");
        }
        if (!m.containsKey("dtype") && !m.containsKey("shape") && !m.containsKey("data_offsets")) {
            boolean strings = m.values().stream().allMatch(x -> x instanceof String);
            throw fail(
                    "header entry '"
                            + name
                            + "' is not a tensor (it has no dtype, shape or data_offsets)"
                            + (strings
                                    ? "; it looks like the metadata, whose key must be exactly \""
                                            + SafeTensors.METADATA_KEY
                                            + "\": the header is corrupt"
                                    : ""));
        }
        Object dt = m.get("dtype");
        if (!(dt instanceof String dtName)) {
            throw fail("tensor '" + name + "' has no string \"dtype\"");
        }
        DType dtype =
                switch (dtName) {
                    case "F32" -> DType.F32;
                    case "F64" -> DType.F64;
                    default ->
                            throw fail(
                                    "tensor '"
                                            + name
                                            + "' has unsupported dtype "
                                            + dtName
                                            + "; ppl4j reads F32 and F64 (convert it, e.g. with"
                                            + " tensor.float() before saving)");
                };
        long[] dims = longs(name, "shape", m.get("shape"), -1);
        long[] off = longs(name, "data_offsets", m.get("data_offsets"), 2);
        long count = 1;
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            count *= Math.min(dims[i], Integer.MAX_VALUE + 1L);
            if (dims[i] > Integer.MAX_VALUE || count > Integer.MAX_VALUE) {
                throw fail("tensor '" + name + "' has more than 2^31-1 elements, too many");
            }
            shape[i] = (int) dims[i];
        }
        if (off[0] > off[1]) {
            throw fail(
                    "tensor '"
                            + name
                            + "' has data_offsets ["
                            + off[0]
                            + ", "
                            + off[1]
                            + "] that end before they begin");
        }
        long need = count * dtype.byteSize();
        if (off[1] - off[0] != need) {
            throw fail(
                    "tensor '"
                            + name
                            + "' of dtype "
                            + dtName
                            + " and shape "
                            + Shape.of(shape)
                            + " needs "
                            + need
                            + " bytes but its data_offsets ["
                            + off[0]
                            + ", "
                            + off[1]
                            + "] span "
                            + (off[1] - off[0]));
        }
        return new Entry(name, dtype, Shape.of(shape), off[0], off[1]);
    }

    private long[] longs(String name, String key, Object v, int length) {
        String what = "tensor '" + name + "' \"" + key + "\"";
        if (!(v instanceof List<?> list)) {
            throw fail(what + " is missing or not an array");
        }
        if (length >= 0 && list.size() != length) {
            throw fail(what + " must have " + length + " entries, got " + list.size());
        }
        long[] r = new long[list.size()];
        for (int i = 0; i < r.length; i++) {
            if (!(list.get(i) instanceof Long n) || n < 0) {
                throw fail(what + " must hold non-negative integers, got " + list);
            }
            r[i] = n;
        }
        return r;
    }

    /** The tensors must tile the data section exactly: no overlap, no gap, nothing missing. */
    private void checkLayout(List<Entry> entries, long dataBytes) {
        List<Entry> byBegin = new ArrayList<>(entries);
        byBegin.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry prev = null;
        for (Entry e : byBegin) {
            if (e.begin < at) {
                throw fail(
                        "the data of tensors '"
                                + prev.name
                                + "' ["
                                + prev.begin
                                + ", "
                                + prev.end
                                + ") and '"
                                + e.name
                                + "' ["
                                + e.begin
                                + ", "
                                + e.end
                                + ") overlap");
            }
            if (e.begin > at) {
                throw fail(
                        "bytes ["
                                + at
                                + ", "
                                + e.begin
                                + ") of the data section belong to no tensor (a gap before '"
                                + e.name
                                + "')");
            }
            at = e.end;
            prev = e;
        }
        if (at > dataBytes) {
            throw fail(
                    "the data is truncated: tensor '"
                            + prev.name
                            + "' ends at byte "
                            + at
                            + " of the data section but the file holds only "
                            + dataBytes
                            + " bytes after the header");
        }
        if (at < dataBytes) {
            throw fail(
                    (dataBytes - at) + " bytes after the last tensor's data belong to no tensor");
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        long at = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += r;
        }
        return buf.flip();
    }

    private PplException fail(String problem) {
        return new PplException("safetensors file " + file + ": " + problem);
    }
}
