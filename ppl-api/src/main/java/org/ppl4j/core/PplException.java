package org.ppl4j.core;

/**
 * The root of ppl4j's unchecked exceptions.
 *
 * <p>Every message names the thing at fault (site, plate, tensor, file, primitive), the offending
 * value or shape, and how to fix it.
 */
public class PplException extends RuntimeException {
    /** Creates an exception with a message that names the problem and its fix. */
    public PplException(String message) {
        super(message);
    }

    /** Creates an exception wrapping a lower-level cause. */
    public PplException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Returns {@code value}, or throws a PplException saying that argument {@code argument} of
     * {@code of} must not be null (instead of a NullPointerException deep inside).
     */
    public static <T> T nonNull(T value, String argument, String of) {
        if (value == null) {
            throw new PplException("argument '" + argument + "' of " + of + " must not be null");
        }
        return value;
    }
}
