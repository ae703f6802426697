package org.ppl4j.vae;

import com.google.inject.AbstractModule;
import org.ppl4j.vae.model.SviVaeSession;

/** Binds the {@link VaeSession} the app drives: the tutorial VAE trained with SVI. */
public final class VaeSessionModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(VaeSession.class).to(SviVaeSession.class);
    }
}
