package org.ppl4j.vae.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.core.PplException;
import org.ppl4j.vae.RealMnist;
import org.ppl4j.vae.SyntheticMnist;
import org.ppl4j.vae.idx.IdxWriter;

class MnistTest {
    @TempDir Path dir;

    @Test
    void readsGzippedAndRawFilesAsByteOver255() {
        SyntheticMnist.write(dir, 30, 20, true);
        Path raw = dir.resolve("raw");
        SyntheticMnist.write(mkdir(raw), 30, 20, false);
        for (Path d : new Path[] {dir, raw}) {
            Mnist m = Mnist.read(d);
            assertThat(m.train().size()).isEqualTo(30);
            assertThat(m.test().size()).isEqualTo(20);
            assertThat(m.train().label(13)).isEqualTo(3);
            float[] x = m.train().images(0, 2);
            assertThat(x).hasSize(2 * 784);
            assertThat(x[784 + 1]).isEqualTo((SyntheticMnist.pixels(2, 0)[784 + 1] & 0xFF) / 255f);
        }
    }

    @Test
    void batchesFollowTheGivenOrder() {
        SyntheticMnist.write(dir, 10, 10, true);
        MnistSplit train = Mnist.read(dir).train();
        float[] batch = train.images(new int[] {7, 2, 5}, 1, 3);
        assertThat(Arrays.copyOfRange(batch, 0, 784)).containsExactly(train.images(2, 3));
        assertThat(Arrays.copyOfRange(batch, 784, 1568)).containsExactly(train.images(5, 6));
        assertThat(train.first(4).size()).isEqualTo(4);
        assertThat(train.first(400).size()).isEqualTo(10);
        assertThatThrownBy(() -> train.first(4).images(3, 5)).hasMessageContaining("outside 0..4");
    }

    @Test
    void missingFilesAreListedWithTheFix() throws IOException {
        SyntheticMnist.write(dir, 10, 10, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> Mnist.read(dir))
                .isInstanceOf(PplException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("lacks t10k-labels-idx1-ubyte.gz")
                .hasMessageContaining("--data-dir");
    }

    @Test
    void labelsWhereImagesBelongIsAWrongMagic() throws IOException {
        SyntheticMnist.write(dir, 10, 10, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        Files.copy(
                dir.resolve("train-labels-idx1-ubyte.gz"),
                images,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> Mnist.read(dir))
                .hasMessageContaining(images.toString())
                .hasMessageContaining("magic number 0x00000801 is that of a label file");
    }

    @Test
    void imagesOfTheWrongSizeSaySoAndNotWrongMagic() {
        SyntheticMnist.write(dir, 10, 10, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        IdxWriter.write(images, new int[] {10, 14, 56}, SyntheticMnist.pixels(10, 0));
        assertThatThrownBy(() -> Mnist.read(dir))
                .hasMessageContaining(images.toString())
                .hasMessageContaining("its images are 14 x 56 pixels, but MNIST images are 28 x 28")
                .hasMessageNotContaining("magic");
    }

    @Test
    void floatImagesSayTheirTypeIsWrong() throws IOException {
        SyntheticMnist.write(dir, 10, 10, false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] header = {0, 0, 0x0D, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28};
        byte[] data = new byte[header.length + 4 * 784];
        System.arraycopy(header, 0, data, 0, header.length);
        Files.write(images, data);
        assertThatThrownBy(() -> Mnist.read(dir))
                .hasMessageContaining(images.toString())
                .hasMessageContaining("it holds float values (type code 0x0D")
                .hasMessageContaining("MNIST pixels are unsigned bytes");
    }

    @Test
    void imageLabelCountMismatchNamesBothFiles() {
        SyntheticMnist.write(dir, 10, 10, true);
        IdxWriter.write(
                dir.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {9}, SyntheticMnist.labels(9));
        assertThatThrownBy(() -> Mnist.read(dir))
                .hasMessageContaining("image/label count mismatch")
                .hasMessageContaining("t10k-images-idx3-ubyte.gz has 10 images")
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz has 9 labels");
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        SyntheticMnist.write(dir, 10, 10, false);
        Path f = dir.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 100));
        assertThatThrownBy(() -> Mnist.read(dir))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void labelOutsideTheDigitsIsCorrupt() {
        SyntheticMnist.write(dir, 10, 10, true);
        byte[] l = SyntheticMnist.labels(10);
        l[4] = 12;
        IdxWriter.write(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {10}, l);
        assertThatThrownBy(() -> Mnist.read(dir))
                .hasMessageContaining("label 12 at index 4 is not a digit");
    }

    @Test
    void unusableDirectoriesAreReported() throws IOException {
        assertThatThrownBy(() -> Mnist.read(dir.resolve("nope")))
                .hasMessageContaining(dir.resolve("nope") + " does not exist");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> Mnist.read(file)).hasMessageContaining("is not a directory");
    }

    @Test
    void explicitDirectoryIsNeverDownloadedInto() {
        MnistDownloader failing =
                new MnistDownloader(
                        java.util.List.of(java.net.URI.create("http://127.0.0.1:9/")),
                        MnistDownloader.standardChecksums(),
                        new DownloadProgress() {
                            @Override
                            public void started(String file, java.net.URI source) {
                                throw new AssertionError("download attempted: " + file);
                            }
                        });
        MnistLocation given = new MnistLocation(dir, MnistLocation.Origin.ENVIRONMENT);
        assertThatThrownBy(() -> Mnist.load(given, failing)).hasMessageContaining("lacks");
    }

    private static Path mkdir(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- the real MNIST, reached only through PPL_MNIST_DIR -----------------------------------

    @Test
    void readsRealMnist() {
        Mnist m = Mnist.read(RealMnist.dir());
        assertThat(m.train().size()).isEqualTo(60000);
        assertThat(m.test().size()).isEqualTo(10000);
        assertThat(m.train().label(0)).isEqualTo(5);
        float[] x = m.test().images(0, m.test().size());
        double s = 0;
        for (float v : x) {
            s += v;
        }
        assertThat(s / x.length).isCloseTo(0.1325, within(5e-5));
    }

    @Test
    void realFilesMatchTheChecksumsInTheCode() {
        Path d = RealMnist.dir();
        for (MnistFile f : MnistFile.values()) {
            assertThat(MnistDownloader.sha256(d.resolve(f.gzName())))
                    .as(f.gzName())
                    .isEqualTo(f.sha256());
        }
    }
}
