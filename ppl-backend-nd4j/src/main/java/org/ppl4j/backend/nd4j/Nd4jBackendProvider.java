package org.ppl4j.backend.nd4j;

import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendProvider;

/**
 * Registers the ND4J (CPU) backend under the name {@code nd4j}.
 *
 * <p>Constructing the provider loads nothing; ND4J's natives are loaded by {@link #create()}.
 */
public final class Nd4jBackendProvider implements BackendProvider {
    /** Creates the provider; does no work. */
    public Nd4jBackendProvider() {}

    @Override
    public String name() {
        return Nd4jBackend.NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Backend create() {
        return new Nd4jBackend(Nd4jRuntime.start(), Nd4jArrayPool.fromSystemProperties());
    }
}
