package org.ppl4j.vae.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.vae.RealMnist;

class IdxReaderTest {
    @TempDir Path dir;

    private static final byte[] PIXELS = {0, (byte) 255, 51, 102, 0, 1, 2, 3, 4, 5, 6, 7};

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void readsRawAndGzipFilesAlike() throws IOException {
        byte[] idx = IdxWriter.encode(new int[] {3, 2, 2}, PIXELS);
        IdxArray raw = IdxReader.read(write("x-idx3-ubyte", idx));
        IdxArray gz = IdxReader.read(write("x-idx3-ubyte.gz", IdxWriter.gzip(idx)));
        for (IdxArray a : new IdxArray[] {raw, gz}) {
            assertThat(a.type()).isEqualTo(IdxType.UNSIGNED_BYTE);
            assertThat(a.dims()).containsExactly(3, 2, 2);
            assertThat(a.count()).isEqualTo(3);
            assertThat(a.magic()).isEqualTo(0x803);
            assertThat(a.toBytes()).containsExactly(PIXELS);
        }
    }

    @Test
    void unitFloatsAreBytesOver255InFloat32() throws IOException {
        IdxArray a = IdxReader.read(write("p", IdxWriter.encode(new int[] {12}, PIXELS)));
        float[] f = a.toUnitFloats();
        assertThat(f[0]).isEqualTo(0f);
        assertThat(f[1]).isEqualTo(1f);
        assertThat(f[2]).isEqualTo(51 / 255f);
        assertThat(a.toInts()).startsWith(0, 255, 51, 102);
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        byte[] idx = IdxWriter.encode(new int[] {2}, new byte[] {7, 9});
        assertThat(IdxReader.read(write("labels.bin", IdxWriter.gzip(idx))).toInts())
                .containsExactly(7, 9);
    }

    @Test
    void readsBigEndianIntElements() throws IOException {
        byte[] bytes = {
            0,
            0,
            0x0C,
            1,
            0,
            0,
            0,
            2,
            0,
            0,
            1,
            0,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFE
        };
        IdxArray a = IdxReader.read(write("ints", bytes));
        assertThat(a.type()).isEqualTo(IdxType.INT);
        assertThat(a.toInts()).containsExactly(256, -2);
        assertThatThrownBy(a::toUnitFloats)
                .isInstanceOf(IdxException.class)
                .hasMessageContaining("ints")
                .hasMessageContaining("needs unsigned bytes");
    }

    @Test
    void wrongMagicNamesTheFileAndTheNumber() throws IOException {
        Path f = write("train-images-idx3-ubyte", new byte[] {1, 2, 8, 3, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("wrong magic number 0x01020803");
    }

    @Test
    void unknownTypeCodeIsAWrongMagic() throws IOException {
        Path f = write("t", new byte[] {0, 0, 0x42, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxReader.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("type code 0x42 is not an IDX type");
    }

    @Test
    void zeroDimensionsIsAWrongMagic() throws IOException {
        Path f = write("z", new byte[] {0, 0, 8, 0});
        assertThatThrownBy(() -> IdxReader.read(f)).hasMessageContaining("0 dimensions");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path f = write("h", new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0});
        assertThatThrownBy(() -> IdxReader.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("truncated header")
                .hasMessageContaining("ends after 6");
    }

    @Test
    void truncatedRawDataSaysHowMuchIsMissing() throws IOException {
        byte[] idx = IdxWriter.encode(new int[] {3, 2, 2}, PIXELS);
        Path f = write("cut", Arrays.copyOf(idx, idx.length - 5));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("truncated: the header declares 3 x 2 x 2 unsigned bytes")
                .hasMessageContaining("(12 bytes) but only 7 bytes follow");
    }

    @Test
    void unsignedBytesUnderAFloatTypeCodeBlameTheTypeCodeNotTheLength() throws IOException {
        byte[] idx = IdxWriter.encode(new int[] {3, 2, 2}, PIXELS);
        idx[2] = 0x0D; // float
        Path f = write("float", idx);
        assertThatThrownBy(() -> IdxReader.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("exactly 12 one-byte elements")
                .hasMessageContaining(
                        "the type code 0x0D (float) in the magic number is likely wrong")
                .hasMessageContaining("unsigned byte is 0x08");
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] big = new byte[5000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 7);
        }
        byte[] gz = IdxWriter.gzip(IdxWriter.encode(new int[] {5000}, big));
        Path f = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        byte[] gz = IdxWriter.gzip(IdxWriter.encode(new int[] {12}, PIXELS));
        gz[10] = (byte) 0xFF; // the first deflate block now has the reserved block type 3
        Path f = write("bad.gz", gz);
        assertThatThrownBy(() -> IdxReader.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("gzip");
    }

    @Test
    void extraBytesAfterTheDataAreReported() throws IOException {
        byte[] idx = IdxWriter.encode(new int[] {12}, PIXELS);
        Path f = write("long", Arrays.copyOf(idx, idx.length + 3));
        assertThatThrownBy(() -> IdxReader.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("extra bytes after the 12 data bytes");
    }

    @Test
    void missingFileAndDirectoryAreReported() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> IdxReader.read(missing))
                .isInstanceOf(IdxException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> IdxReader.read(dir))
                .isInstanceOf(IdxException.class)
                .hasMessageContaining(dir.toString());
    }

    @Test
    void writerRejectsDataThatDoesNotFitTheDims() {
        assertThatThrownBy(() -> IdxWriter.encode(new int[] {2, 2}, new byte[3]))
                .hasMessageContaining("hold 4 elements but data has 3");
    }

    // ---- the real MNIST, reached only through PPL_MNIST_DIR -----------------------------------

    @Test
    void readsRealMnistCountsLabelsAndMeanPixel() {
        Path d = RealMnist.dir();
        IdxArray trainImages = IdxReader.read(d.resolve("train-images-idx3-ubyte.gz"));
        IdxArray trainLabels = IdxReader.read(d.resolve("train-labels-idx1-ubyte.gz"));
        IdxArray testImages = IdxReader.read(d.resolve("t10k-images-idx3-ubyte.gz"));
        IdxArray testLabels = IdxReader.read(d.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(trainImages.dims()).containsExactly(60000, 28, 28);
        assertThat(trainLabels.dims()).containsExactly(60000);
        assertThat(testImages.dims()).containsExactly(10000, 28, 28);
        assertThat(testLabels.dims()).containsExactly(10000);
        assertThat(trainImages.magic()).isEqualTo(0x803);
        assertThat(trainLabels.magic()).isEqualTo(0x801);
        assertThat(trainLabels.toInts()[0]).isEqualTo(5);
        float[] px = trainImages.toUnitFloats();
        double sum = 0;
        for (float v : px) {
            sum += v;
        }
        assertThat(sum / px.length).isCloseTo(0.1307, within(5e-5));
    }

    @Test
    void realMnistReadsTheSameRawAsGzipped() throws IOException {
        Path gz = RealMnist.dir().resolve("t10k-labels-idx1-ubyte.gz");
        Path raw = dir.resolve("t10k-labels-idx1-ubyte");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, raw);
        }
        assertThat(IdxReader.read(raw).toInts()).containsExactly(IdxReader.read(gz).toInts());
    }
}
