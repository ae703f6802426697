package org.ppl4j.backend.tf;

import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendProvider;

/**
 * Makes the TensorFlow Java backend ({@code -Dppl.backend=tf}); constructing it does no work, the
 * native library loads in {@link #create()}.
 */
public final class TfBackendProvider implements BackendProvider {
    /** Creates the provider (cheap: nothing native happens here). */
    public TfBackendProvider() {}

    @Override
    public String name() {
        return "tf";
    }

    @Override
    public int priority() {
        return 20;
    }

    /** Loads TensorFlow and opens an eager context configured by the {@code ppl.*} properties. */
    @Override
    public Backend create() {
        return TfBackend.open(TfSettings.fromSystemProperties());
    }
}
