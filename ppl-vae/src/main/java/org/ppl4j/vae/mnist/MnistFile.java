package org.ppl4j.vae.mnist;

/** The four files of the MNIST distribution, with the SHA-256 of each original {@code .gz} file. */
public enum MnistFile {
    /** 60000 training images, 28 x 28 unsigned bytes. */
    TRAIN_IMAGES(
            "train-images-idx3-ubyte",
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    /** 60000 training labels. */
    TRAIN_LABELS(
            "train-labels-idx1-ubyte",
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    /** 10000 test images. */
    TEST_IMAGES(
            "t10k-images-idx3-ubyte",
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    /** 10000 test labels. */
    TEST_LABELS(
            "t10k-labels-idx1-ubyte",
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    private final String rawName;
    private final String sha256;

    MnistFile(String rawName, String sha256) {
        this.rawName = rawName;
        this.sha256 = sha256;
    }

    /** The uncompressed file's name, e.g. {@code train-images-idx3-ubyte}. */
    public String rawName() {
        return rawName;
    }

    /** The name of the compressed file as the mirrors serve it. */
    public String gzName() {
        return rawName + ".gz";
    }

    /** The SHA-256 of the original {@code .gz} file, lower-case hex. */
    public String sha256() {
        return sha256;
    }

    /** Whether the file holds images (else labels). */
    public boolean images() {
        return this == TRAIN_IMAGES || this == TEST_IMAGES;
    }
}
