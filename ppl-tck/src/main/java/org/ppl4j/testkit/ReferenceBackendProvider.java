package org.ppl4j.testkit;

import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendProvider;

/**
 * Registers the {@link ReferenceBackend} as {@code reference}. Its priority is high (1000) so that
 * it is never the default while a real backend is on the class path; name it to use it.
 */
public final class ReferenceBackendProvider implements BackendProvider {
    /** The priority: above every real backend's, so it is chosen only when named or alone. */
    public static final int PRIORITY = 1000;

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
