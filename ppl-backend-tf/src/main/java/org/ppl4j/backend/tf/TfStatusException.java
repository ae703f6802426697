package org.ppl4j.backend.tf;

/** A non-OK {@code TF_Status}; {@link TfBackend} turns it into a {@code BackendException}. */
final class TfStatusException extends RuntimeException {
    private static final String[] CODES = {
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED"
    };

    TfStatusException(int code, String message) {
        super(codeName(code) + ": " + message + hint(code));
    }

    private static String codeName(int code) {
        return code >= 0 && code < CODES.length ? CODES[code] : "code " + code;
    }

    private static String hint(int code) {
        return code == 8
                ? " (out of memory: close TensorScopes sooner, use smaller batches, or run on"
                        + " -Dppl.tf.device=cpu)"
                : "";
    }
}
