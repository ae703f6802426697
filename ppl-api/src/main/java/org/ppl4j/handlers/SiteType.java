package org.ppl4j.handlers;

/** What a site in a program is. */
public enum SiteType {
    /** A random variable ({@code sample}), latent or observed. */
    SAMPLE,
    /** A learnable parameter ({@code param}). */
    PARAM,
    /**
     * The subsample indices a plate uses, named after the plate (Pyro's {@code _Subsample} site):
     * traced and replayed so that model and guide see the same minibatch; never scored.
     */
    SUBSAMPLE
}
