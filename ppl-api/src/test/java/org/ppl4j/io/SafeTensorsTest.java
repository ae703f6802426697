package org.ppl4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;

class SafeTensorsTest {
    @TempDir Path dir;

    private static SafeTensors sample() {
        Map<String, HostArray> a = new LinkedHashMap<>();
        a.put("w", HostArray.ofFloats(new float[] {1.5f, -2f, Float.NaN, 3e-39f, 0f, -0f}, 2, 3));
        a.put("b", HostArray.ofDoubles(new double[] {Math.PI, -1e300}, 2));
        a.put("s", HostArray.ofFloats(new float[] {7f}));
        a.put("empty", HostArray.ofDoubles(new double[0], 0, 4));
        return new SafeTensors(a, Map.of("epoch", "3", "note", "quote \" and é\n"));
    }

    @Test
    void roundTripKeepsNamesShapesDtypesValuesAndMetadata() {
        Path f = dir.resolve("a.safetensors");
        SafeTensors in = sample();
        in.write(f);
        SafeTensors out = SafeTensors.read(f);
        assertThat(out.names()).containsExactly("w", "b", "s", "empty");
        assertThat(out.arrays()).isEqualTo(in.arrays());
        assertThat(out.metadata()).isEqualTo(in.metadata());
        assertThat(out.get("w").dtype()).isEqualTo(DType.F32);
        assertThat(out.get("b").shape()).isEqualTo(Shape.of(2));
        assertThat(out.get("s").shape()).isEqualTo(Shape.scalar());
        assertThat(Float.floatToRawIntBits((float) out.get("w").get(5))).isEqualTo(0x80000000);
        assertThat(out.get("b").get(1)).isEqualTo(-1e300);
    }

    @Test
    void headerIsPaddedToEightBytesAndFloat64DataComesFirst() throws Exception {
        Path f = dir.resolve("a.safetensors");
        sample().write(f);
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header)
                .contains("\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}");
        assertThat(header).startsWith("{\"__metadata__\":{");
    }

    @Test
    void writeReplacesTheOldFileAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("ckpt.safetensors");
        sample().write(f);
        new SafeTensors(Map.of("x", HostArray.ofFloats(new float[] {1}, 1)), Map.of()).write(f);
        assertThat(SafeTensors.read(f).names()).containsExactly("x");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void failedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("busy");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "old");
        assertThatThrownBy(() -> sample().write(target))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("cannot write safetensors file " + target)
                .hasMessageContaining("the previous file, if any, is unchanged");
        assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void writeCreatesMissingDirectories() {
        Path f = dir.resolve("a/b/c.safetensors");
        sample().write(f);
        assertThat(SafeTensors.read(f).names()).hasSize(4);
    }

    @Test
    void getOfAMissingNameListsWhatTheFileHolds() {
        Path f = dir.resolve("a.safetensors");
        sample().write(f);
        assertThatThrownBy(() -> SafeTensors.read(f).get("bias"))
                .hasMessageContaining("safetensors file " + f + " has no tensor 'bias'")
                .hasMessageContaining("[w, b, s, empty]");
    }

    @Test
    void subsetStripsThePrefixFromTensorsAndMetadata() {
        Map<String, HostArray> a = new LinkedHashMap<>();
        a.put("param/w", HostArray.ofFloats(new float[] {1}, 1));
        a.put("optim/w/exp_avg", HostArray.ofFloats(new float[] {2}, 1));
        SafeTensors s = new SafeTensors(a, Map.of("param/constraint/w", "real", "x", "y"));
        SafeTensors p = s.subset("param/");
        assertThat(p.names()).containsExactly("w");
        assertThat(p.metadata()).containsExactly(Map.entry("constraint/w", "real"));
    }

    @Test
    void reservedNamesAreRefused() {
        assertThatThrownBy(
                        () ->
                                new SafeTensors(
                                        Map.of("__metadata__", HostArray.ofFloats(new float[0], 0)),
                                        Map.of()))
                .hasMessageContaining("the tensor name '__metadata__' is reserved or empty");
    }

    @Test
    void hostArrayChecksItsLength() {
        assertThatThrownBy(() -> HostArray.ofFloats(new float[5], 2, 3))
                .hasMessageContaining("5 values do not fill shape [2, 3] (6)");
    }
}
