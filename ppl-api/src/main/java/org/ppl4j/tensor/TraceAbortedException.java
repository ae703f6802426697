package org.ppl4j.tensor;

import org.ppl4j.core.PplException;

/**
 * A step could not be traced yet for a reason an eager run of it removes (a param or optimizer
 * state is created on its first use, which must happen on real values): the caller runs the step
 * eagerly and traces a later one.
 */
public final class TraceAbortedException extends PplException {
    /** The reason, naming the param or site. */
    public TraceAbortedException(String message) {
        super(message);
    }
}
