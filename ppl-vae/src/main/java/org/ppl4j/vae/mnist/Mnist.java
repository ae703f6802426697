package org.ppl4j.vae.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ppl4j.core.PplException;
import org.ppl4j.vae.idx.IdxArray;
import org.ppl4j.vae.idx.IdxReader;
import org.ppl4j.vae.idx.IdxType;

/**
 * The MNIST data set: 60000 training and 10000 test images of handwritten digits with labels.
 *
 * <p>{@link #read} takes the four standard files from a directory, each either gzip-compressed
 * ({@code train-images-idx3-ubyte.gz}) or raw ({@code train-images-idx3-ubyte}); the compressed one
 * is used when both are there. Every problem fails with the file named and what is wrong: missing,
 * wrong magic number, wrong image size, truncated, image and label counts that differ, labels
 * outside 0-9.
 *
 * <pre>{@code
 * Mnist mnist = Mnist.load(MnistLocation.resolve(null, System.getenv(), home), downloader);
 * MnistSplit train = mnist.train();
 * }</pre>
 */
public final class Mnist {
    private static final int SIDE = 28;
    private static final int IMAGES_MAGIC = 0x803;
    private static final int LABELS_MAGIC = 0x801;

    private final MnistSplit train;
    private final MnistSplit test;

    /** The data set made of {@code train} and {@code test}. */
    public Mnist(MnistSplit train, MnistSplit test) {
        this.train = train;
        this.test = test;
    }

    /** The 60000 training images. */
    public MnistSplit train() {
        return train;
    }

    /** The 10000 test images. */
    public MnistSplit test() {
        return test;
    }

    /**
     * Reads MNIST from {@code location}: a directory given by the user is read as it is; the cache
     * directory first gets the files it lacks from {@code downloader}.
     */
    public static Mnist load(MnistLocation location, MnistDownloader downloader) {
        if (!location.explicit()) {
            downloader.fetchMissing(location.dir());
        }
        return read(location.dir());
    }

    /** Reads the four MNIST files in {@code dir}. */
    public static Mnist read(Path dir) {
        checkDirectory(dir);
        List<String> missing = new ArrayList<>();
        for (MnistFile f : MnistFile.values()) {
            if (find(dir, f) == null) {
                missing.add(f.gzName());
            }
        }
        if (!missing.isEmpty()) {
            throw new PplException(
                    "MNIST directory "
                            + dir
                            + " lacks "
                            + String.join(", ", missing)
                            + " (or the same without .gz); put the four files of the MNIST"
                            + " distribution there, or leave --data-dir and PPL_MNIST_DIR unset so"
                            + " they are downloaded into the cache");
        }
        MnistSplit train = split("train", dir, MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS);
        MnistSplit test = split("test", dir, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);
        return new Mnist(train, test);
    }

    private static void checkDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new PplException("MNIST directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new PplException("MNIST directory " + dir + " is not a directory");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new PplException(
                    "MNIST directory " + dir + " is not readable; check its permissions");
        }
    }

    /** The file for {@code f} in {@code dir}, compressed preferred, or null. */
    static Path find(Path dir, MnistFile f) {
        Path gz = dir.resolve(f.gzName());
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(f.rawName());
        return Files.isRegularFile(raw) ? raw : null;
    }

    /** Says what is wrong with an image file: its type, its rank or its image size. */
    private static void checkImages(Path file, IdxArray x) {
        String problem = null;
        if (x.magic() == LABELS_MAGIC) {
            problem =
                    String.format(
                            "magic number 0x%08X is that of a label file, not images", x.magic());
        } else if (x.type() != IdxType.UNSIGNED_BYTE) {
            problem =
                    String.format(
                            "it holds %s values (type code 0x%02X in magic number 0x%08X), but"
                                    + " MNIST pixels are unsigned bytes (type code 0x08)",
                            x.type().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                            (x.magic() >> 8) & 0xFF,
                            x.magic());
        } else if (x.rank() != 3) {
            problem =
                    "it has "
                            + x.rank()
                            + " dimensions "
                            + Arrays.toString(x.dims())
                            + ", but MNIST images have 3 (count x 28 x 28)";
        } else if (x.dim(1) != SIDE || x.dim(2) != SIDE) {
            problem =
                    "its images are "
                            + x.dim(1)
                            + " x "
                            + x.dim(2)
                            + " pixels, but MNIST images are 28 x 28";
        }
        if (problem != null) {
            throw new PplException(
                    "MNIST file "
                            + file
                            + ": "
                            + problem
                            + "; replace it with the MNIST file of that name");
        }
    }

    private static MnistSplit split(String name, Path dir, MnistFile images, MnistFile labels) {
        Path imageFile = find(dir, images);
        Path labelFile = find(dir, labels);
        IdxArray x = IdxReader.read(imageFile);
        checkImages(imageFile, x);
        IdxArray y = IdxReader.read(labelFile);
        if (y.magic() != LABELS_MAGIC) {
            throw new PplException(
                    String.format(
                            "MNIST file %s: wrong magic number 0x%08X; MNIST labels have magic"
                                    + " 0x%08X%s",
                            labelFile,
                            y.magic(),
                            LABELS_MAGIC,
                            y.magic() == IMAGES_MAGIC ? " (this looks like an image file)" : ""));
        }
        if (x.count() != y.count()) {
            throw new PplException(
                    "MNIST "
                            + name
                            + " set: image/label count mismatch: "
                            + imageFile
                            + " has "
                            + x.count()
                            + " images but "
                            + labelFile
                            + " has "
                            + y.count()
                            + " labels; the two files must come from the same distribution");
        }
        byte[] labelBytes = y.toBytes();
        for (int i = 0; i < labelBytes.length; i++) {
            if (labelBytes[i] < 0 || labelBytes[i] > 9) {
                throw new PplException(
                        "MNIST file "
                                + labelFile
                                + ": label "
                                + (labelBytes[i] & 0xFF)
                                + " at index "
                                + i
                                + " is not a digit 0-9; the file is corrupt");
            }
        }
        return new MnistSplit(name, x.toBytes(), labelBytes, x.count());
    }
}
