package org.ppl4j.handlers;

/** What a site in a program is. */
public enum SiteType {
    /** A random variable ({@code sample}), latent or observed. */
    SAMPLE,
    /** A learnable parameter ({@code param}). */
    PARAM
}
