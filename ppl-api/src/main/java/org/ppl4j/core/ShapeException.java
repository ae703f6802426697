package org.ppl4j.core;

/** A shape or dtype does not fit the operation; the message names the op and the shapes. */
public class ShapeException extends PplException {
    /** Creates the exception with a message naming the op, the shapes and the fix. */
    public ShapeException(String message) {
        super(message);
    }
}
