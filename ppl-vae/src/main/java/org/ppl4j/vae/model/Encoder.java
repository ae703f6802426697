package org.ppl4j.vae.model;

import org.ppl4j.core.DType;
import org.ppl4j.nn.Linear;
import org.ppl4j.nn.Module;
import org.ppl4j.tensor.Tensor;

/**
 * The tutorial's encoder: 784 pixels → hidden (softplus) → the latent's location and, through
 * {@code exp}, its scale.
 */
public final class Encoder extends Module {
    private final Linear fc1;
    private final Linear fc21;
    private final Linear fc22;

    /** An encoder onto a {@code zDim}-dimensional latent through {@code hidden} units. */
    public Encoder(int zDim, int hidden, DType dtype) {
        fc1 = submodule("fc1", new Linear(Vae.PIXELS, hidden, true, dtype));
        fc21 = submodule("fc21", new Linear(hidden, zDim, true, dtype));
        fc22 = submodule("fc22", new Linear(hidden, zDim, true, dtype));
    }

    /** {@code [loc, scale]} of q(z | x) for images {@code x} of shape {@code [B, 784]}. */
    public Tensor[] forward(Tensor x) {
        Tensor hidden = fc1.forward(x.reshape(-1, Vae.PIXELS)).softplus();
        Tensor zLoc = fc21.forward(hidden);
        Tensor zScale = fc22.forward(hidden).exp();
        return new Tensor[] {zLoc, zScale};
    }
}
