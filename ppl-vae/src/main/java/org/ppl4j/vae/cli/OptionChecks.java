package org.ppl4j.vae.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ppl4j.spi.Backends;
import picocli.CommandLine;

/**
 * Collects what is wrong with a command's options, so that all problems are reported together, each
 * naming the option and the fix, before any work starts (exit code 2).
 */
final class OptionChecks {
    private final List<String> problems = new ArrayList<>();

    /** Records {@code problem} (one line: the option, what is wrong, the fix). */
    void add(String problem) {
        problems.add(problem);
    }

    void atLeast(String option, long value, long min) {
        if (value < min) {
            add(option + " must be at least " + min + ", got " + value);
        }
    }

    void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            add(option + " must be a positive number, got " + value);
        }
    }

    /** {@code name} (null: not given) must be a backend on the class path. */
    void backend(String name) {
        if (name == null) {
            return;
        }
        List<String> names = Backends.availableNames();
        if (!names.contains(name)) {
            add(
                    "--backend '"
                            + name
                            + "' is not available; "
                            + (names.isEmpty()
                                    ? "no backend jar is on the class path (add ppl-backend-nd4j"
                                            + " or ppl-backend-tf)"
                                    : "choose one of " + names));
        }
    }

    /** {@code file} (when given) must be a readable regular file. */
    void readableFile(String option, Path file) {
        if (file == null) {
            return;
        }
        if (!Files.exists(file)) {
            add(option + " " + file + " does not exist; check the path");
        } else if (!Files.isRegularFile(file)) {
            add(option + " " + file + " is not a regular file");
        } else if (!Files.isReadable(file)) {
            add(option + " " + file + " is not readable; check its permissions");
        }
    }

    /**
     * {@code dir} must be a writable directory or creatable as one: its nearest existing ancestor
     * is a writable directory. Nothing is created here.
     */
    void writableDirectory(String option, Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        if (Files.exists(p)) {
            if (!Files.isDirectory(p)) {
                add(option + " " + dir + " exists and is not a directory; choose a directory");
            } else if (!Files.isWritable(p)) {
                add(option + " " + dir + " is not writable; choose a directory you can write to");
            }
            return;
        }
        Path a = p.getParent();
        while (a != null && !Files.exists(a)) {
            a = a.getParent();
        }
        if (a == null || !Files.isDirectory(a) || !Files.isWritable(a)) {
            add(
                    option
                            + " "
                            + dir
                            + " cannot be created ("
                            + (a == null
                                    ? "no existing parent"
                                    : a
                                            + (Files.isDirectory(a)
                                                    ? " is not writable"
                                                    : " is not a directory"))
                            + "); choose a directory you can write to");
        }
    }

    /** A directory to read data from must exist and be readable. */
    void readableDirectory(String source, Path dir) {
        if (!Files.isDirectory(dir)) {
            add(
                    source
                            + " "
                            + dir
                            + (Files.exists(dir) ? " is not a directory" : " does not exist")
                            + "; point it at the directory holding the four MNIST files");
        } else if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            add(source + " " + dir + " is not readable; check its permissions");
        }
    }

    /** Throws a usage error (exit code 2) listing every problem, if there is any. */
    void throwIfAny(CommandLine cmd) {
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, String.join("\n", problems));
        }
    }
}
