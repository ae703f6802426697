package org.ppl4j.spi;

/** Optional abilities a backend declares explicitly. */
public enum Capability {
    /** Computes in float64 as well as float32. */
    FLOAT64,
    /** Runs kernels on a GPU. */
    GPU,
    /** Can compile a traced graph into one executable (the compiled-step phase). */
    COMPILE
}
