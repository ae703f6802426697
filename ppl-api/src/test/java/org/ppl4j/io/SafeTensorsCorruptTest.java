package org.ppl4j.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.core.PplException;

class SafeTensorsCorruptTest {
    @TempDir Path dir;

    /** A file with the given header and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private void assertFails(Path f, String problem) {
        assertThatThrownBy(() -> SafeTensors.read(f))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("safetensors file " + f + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void aCorruptedMetadataKeyIsReportedAsSuchNotAsATensorWithoutADtype() throws IOException {
        assertFails(
                file(
                        "{\"__metadatx__\":{\"format\":\"pt\"},"
                                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                        4),
                "header entry '__metadatx__' is not a tensor (it has no dtype, shape or"
                        + " data_offsets); it looks like the metadata, whose key must be exactly"
                        + " \"__metadata__\"");
    }

    @Test
    void missingFile() {
        assertFails(dir.resolve("none.safetensors"), "it does not exist");
    }

    @Test
    void fileShorterThanTheLength() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertFails(f, "the file is 3 bytes, too short for the 8-byte header length");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(1000).putInt(0);
        Files.write(f, b.array());
        assertFails(f, "bad header length 1000 (the file has 4 bytes after the length");
    }

    @Test
    void headerLengthThatIsNegativeAsASignedNumber() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, '{', '}'});
        assertFails(f, "bad header length 18446744073709551615");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        assertFails(file("{\"a\": [1, 2}", 0), "the header is not valid JSON: expected ',' or ']'");
    }

    @Test
    void headerThatIsNotUtf8() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {4, 0, 0, 0, 0, 0, 0, 0, '{', (byte) 0xff, '}', ' '});
        assertFails(f, "the header is not valid UTF-8");
    }

    @Test
    void headerThatIsAnArray() throws IOException {
        assertFails(file("[1]", 0), "the header is JSON but not an object");
    }

    @Test
    void duplicateKey() throws IOException {
        String e = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertFails(file("{\"a\":" + e + ",\"a\":" + e + "}", 4), "duplicate key \"a\"");
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        assertFails(
                file("{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8),
                "tensor 'ids' has unsupported dtype I64; ppl4j reads F32 and F64");
    }

    @Test
    void missingShape() throws IOException {
        assertFails(
                file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4),
                "tensor 'w' \"shape\" is missing or not an array");
    }

    @Test
    void negativeDimension() throws IOException {
        assertFails(
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w' \"shape\" must hold non-negative integers, got [-1]");
    }

    @Test
    void offsetsThatDoNotMatchTheShape() throws IOException {
        assertFails(
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
                "tensor 'w' of dtype F32 and shape [2, 3] needs 24 bytes but its data_offsets"
                        + " [0, 20] span 20");
    }

    @Test
    void offsetsThatEndBeforeTheyBegin() throws IOException {
        assertFails(
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8),
                "tensor 'w' has data_offsets [8, 4] that end before they begin");
    }

    @Test
    void overlappingTensors() throws IOException {
        String h =
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertFails(file(h, 12), "the data of tensors 'a' [0, 8) and 'b' [4, 12) overlap");
    }

    @Test
    void gapBetweenTensors() throws IOException {
        String h =
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertFails(file(h, 12), "bytes [4, 8) of the data section belong to no tensor");
    }

    @Test
    void truncatedData() throws IOException {
        assertFails(
                file("{\"w\":{\"dtype\":\"F64\",\"shape\":[4],\"data_offsets\":[0,32]}}", 20),
                "the data is truncated: tensor 'w' ends at byte 32 of the data section but the"
                        + " file holds only 20 bytes after the header");
    }

    @Test
    void trailingBytes() throws IOException {
        assertFails(
                file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 9),
                "5 bytes after the last tensor's data belong to no tensor");
    }

    @Test
    void metadataThatIsNotStrings() throws IOException {
        assertFails(
                file("{\"__metadata__\":{\"epoch\":3}}", 0),
                "metadata value of \"epoch\" is not a string");
    }
}
