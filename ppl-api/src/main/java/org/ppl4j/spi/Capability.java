package org.ppl4j.spi;

/** Optional abilities a backend declares explicitly. */
public enum Capability {
    /** Computes in float64 as well as float32. */
    FLOAT64,
    /** Runs kernels on a GPU. */
    GPU,
    /** Has a {@link Backend#compiler()} that turns a traced graph into one executable. */
    COMPILE
}
