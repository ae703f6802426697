package org.ppl4j.vae.cli;

import java.nio.file.Path;
import org.ppl4j.vae.mnist.MnistLocation;
import picocli.CommandLine.Option;

/** Where MNIST comes from: {@code --data-dir}, else {@code PPL_MNIST_DIR}, else the cache. */
final class DataOptions {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Directory with the four MNIST files (.gz or raw). Default: the"
                            + " directory in PPL_MNIST_DIR, else the cache directory"
                            + " XDG_CACHE_HOME/ppl4j/mnist or HOME/.cache/ppl4j/mnist, into which"
                            + " missing files are downloaded.")
    Path dataDir;

    void check(OptionChecks c, AppEnvironment app) {
        MnistLocation loc = app.mnistLocation(dataDir);
        if (loc.explicit()) {
            c.readableDirectory(loc.origin().label(), loc.dir());
        }
    }
}
