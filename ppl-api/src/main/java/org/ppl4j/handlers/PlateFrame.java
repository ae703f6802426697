package org.ppl4j.handlers;

/**
 * One active plate as a site sees it (Pyro's {@code CondIndepStackFrame}): the batch dim it owns
 * (negative, counted from the right), its full size, and the size of the subsample in use.
 */
public record PlateFrame(String name, int dim, int size, int subsampleSize) {
    /** The factor that rescales a subsampled log-density to the full data: size / subsample. */
    public double scale() {
        return (double) size / subsampleSize;
    }
}
