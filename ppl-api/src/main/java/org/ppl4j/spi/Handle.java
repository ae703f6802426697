package org.ppl4j.spi;

/** A backend's opaque reference to one native buffer; only the backend that made it reads it. */
public interface Handle {}
