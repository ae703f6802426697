package org.ppl4j.tck;

import java.util.List;

/**
 * The layers of the kit as JUnit tags, so a run can pick some: {@code -Dgroups=primitives,fused}
 * or, with a tag expression, {@code -Dgroups='!vae & !fixtures'}.
 *
 * <p>Every suite class carries exactly one of these tags.
 */
public final class Layer {
    /** Every primitive's values against the float64 reference, with special values and views. */
    public static final String PRIMITIVES = "primitives";

    /** Integer tensors and the primitives that take one as an index (index-select, index-add). */
    public static final String INDEX = "index";

    /** Every primitive's vector-Jacobian product against central finite differences. */
    public static final String GRADIENTS = "gradients";

    /** The fused kernels a backend declares, against the composition they replace. */
    public static final String FUSED = "fused";

    /** Scope lifetimes, leak counts, selection by name and the errors users see. */
    public static final String SCOPES = "scopes";

    /** Distributions against PyTorch's numbers (shipped in the kit) and the reference's draws. */
    public static final String DISTRIBUTIONS = "distributions";

    /** SVI end to end: conjugate posteriors, compiled steps against eager ones. */
    public static final String INFERENCE = "inference";

    /**
     * The tutorial VAE at PyTorch's fixed weights and noise; needs the fixture files in {@code
     * shared/fixtures} in a directory above the working directory, and is skipped without them.
     */
    public static final String FIXTURES = "fixtures";

    /**
     * The tutorial VAE trained on real MNIST ({@code PPL_MNIST_DIR}) on every backend under test
     * but the reference, to the same losses; needs two such backends, and is skipped with fewer.
     */
    public static final String VAE = "vae";

    /** All layers, in the order of the design's four layers. */
    public static final List<String> ALL =
            List.of(
                    PRIMITIVES,
                    INDEX,
                    GRADIENTS,
                    FUSED,
                    SCOPES,
                    DISTRIBUTIONS,
                    INFERENCE,
                    FIXTURES,
                    VAE);

    private Layer() {}
}
