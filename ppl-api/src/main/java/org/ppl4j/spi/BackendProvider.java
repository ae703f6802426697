package org.ppl4j.spi;

/**
 * Makes a {@link Backend}; found through {@link java.util.ServiceLoader}, so a backend jar
 * registers its provider in {@code META-INF/services/org.ppl4j.spi.BackendProvider}.
 *
 * <p>Constructing a provider must be cheap: all native loading happens in {@link #create()}.
 */
public interface BackendProvider {
    /** The name users select the backend by. */
    String name();

    /** When no backend is named, the provider with the lowest priority is used. */
    int priority();

    /** Creates the backend, loading native libraries as needed. */
    Backend create();
}
