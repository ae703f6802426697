package org.ppl4j.spi;

/**
 * A backend's optional compiler (Pyro's {@code JitTrace_ELBO}, {@code jax.jit}): turns a traced
 * {@link Graph} into one {@link Executable} that runs the whole program per call, e.g. as one TF
 * graph function. A backend without one ({@link Backend#compiler()} returns null) has its graphs
 * replayed primitive by primitive, so every backend runs compiled steps.
 */
@FunctionalInterface
public interface Compiler {
    /**
     * Compiles {@code graph}.
     *
     * @throws BackendException naming the primitive when the backend cannot lower a node
     */
    Executable compile(Graph graph);
}
