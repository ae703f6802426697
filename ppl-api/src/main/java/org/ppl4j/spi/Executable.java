package org.ppl4j.spi;

/**
 * A compiled program: each {@link #run} takes one handle per graph input and returns one new handle
 * per graph output, which the caller owns and releases. Whatever the program keeps between runs
 * (compiled code, constants, buffers) is freed by {@link #close}.
 */
public interface Executable extends AutoCloseable {
    /**
     * Runs the program once.
     *
     * @param inputs the inputs' handles, in {@link Graph#inputs()} order; they stay the caller's
     * @return the outputs, in {@link Graph#outputs()} order, new handles the caller owns
     */
    Handle[] run(Handle[] inputs);

    /** Frees what the program holds; it cannot run afterwards. */
    @Override
    void close();
}
