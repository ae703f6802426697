package org.ppl4j.vae.model;

import org.ppl4j.core.DType;
import org.ppl4j.nn.Linear;
import org.ppl4j.nn.Module;
import org.ppl4j.tensor.Tensor;

/** The tutorial's decoder: latent → hidden (softplus) → 784 pixel probabilities (sigmoid). */
public final class Decoder extends Module {
    private final Linear fc1;
    private final Linear fc21;

    /** A decoder from a {@code zDim}-dimensional latent through {@code hidden} units. */
    public Decoder(int zDim, int hidden, DType dtype) {
        fc1 = submodule("fc1", new Linear(zDim, hidden, true, dtype));
        fc21 = submodule("fc21", new Linear(hidden, Vae.PIXELS, true, dtype));
    }

    /** Pixel probabilities {@code [B, 784]} for latents {@code z} of shape {@code [B, zDim]}. */
    public Tensor forward(Tensor z) {
        Tensor hidden = fc1.forward(z).softplus();
        return fc21.forward(hidden).sigmoid();
    }
}
