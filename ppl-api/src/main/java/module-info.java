/**
 * ppl4j's API: distributions, plates, traces and effect handlers, params and nn modules, guides,
 * optimizers and SVI, written against tensors whose primitives a backend runs. A backend is a
 * separate module that {@code provides org.ppl4j.spi.BackendProvider}; this module finds it with
 * {@link java.util.ServiceLoader} and never depends on one.
 *
 * <p>Layers, each depending only on those before it: {@code core} (errors, dtypes, shapes), {@code
 * spi} (primitives, attributes and the backend contract), {@code tensor}, {@code random}, {@code
 * io}, {@code distributions}, {@code params}, {@code nn}, {@code handlers}, {@code optim}, {@code
 * infer} and {@code infer.autoguide}, and the facade {@code org.ppl4j}. The {@code
 * org.ppl4j.internal} packages are implementation: exported only to ppl4j's own modules.
 */
module org.ppl4j.api {
    exports org.ppl4j;
    exports org.ppl4j.core;
    exports org.ppl4j.distributions;
    exports org.ppl4j.handlers;
    exports org.ppl4j.infer;
    exports org.ppl4j.infer.autoguide;
    exports org.ppl4j.io;
    exports org.ppl4j.nn;
    exports org.ppl4j.optim;
    exports org.ppl4j.params;
    exports org.ppl4j.random;
    exports org.ppl4j.spi;
    exports org.ppl4j.tensor;
    exports org.ppl4j.internal.json to
            org.ppl4j.tck;
    exports org.ppl4j.internal.math to
            org.ppl4j.backend.nd4j,
            org.ppl4j.tck;

    uses org.ppl4j.spi.BackendProvider;
}
