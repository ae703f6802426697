package org.ppl4j.spi;

import java.util.Arrays;
import org.ppl4j.core.PplException;

/**
 * A failure inside a backend (native error, out of memory, missing kernel), wrapped once at the
 * backend boundary with the primitive and its input types named.
 */
public class BackendException extends PplException {
    /** Creates the exception with a message naming backend, primitive and inputs. */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates the exception with a message naming backend, primitive and inputs. */
    public BackendException(String message) {
        super(message);
    }

    /** Wraps {@code cause} raised by {@code backend} while running {@code primitive}. */
    public static BackendException wrap(
            String backend, String primitive, TensorType[] inputs, Throwable cause) {
        return new BackendException(
                "backend '"
                        + backend
                        + "' failed in "
                        + primitive
                        + " on inputs "
                        + Arrays.toString(inputs)
                        + ": "
                        + cause,
                cause);
    }
}
