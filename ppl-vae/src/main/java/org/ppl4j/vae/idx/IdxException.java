package org.ppl4j.vae.idx;

import java.nio.file.Path;
import org.ppl4j.core.PplException;

/**
 * An IDX file that cannot be read or is not well formed; the message names the file and what is
 * wrong with it.
 */
public class IdxException extends PplException {
    private final transient Path file;

    /** An error about {@code file}; the message is prefixed with the file's path. */
    public IdxException(Path file, String problem) {
        super("IDX file " + file + ": " + problem);
        this.file = file;
    }

    /** An error about {@code file} caused by a lower-level failure. */
    public IdxException(Path file, String problem, Throwable cause) {
        super("IDX file " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
