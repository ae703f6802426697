package org.ppl4j.vae.model;

import static org.ppl4j.Ppl.module;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import org.ppl4j.core.DType;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Normal;
import org.ppl4j.handlers.Plate;
import org.ppl4j.tensor.Tensor;

/**
 * The variational autoencoder of Pyro's VAE tutorial: a model p(x | z) p(z) with a neural decoder
 * and a guide q(z | x) with a neural encoder, trained by SVI.
 *
 * <pre>{@code
 * Vae vae = new Vae(50, 400, DType.F32);
 * Svi<Tensor> svi = new Svi<>(vae::model, vae::guide, new Adam(1e-3), new TraceElbo());
 * double loss = svi.step(batch);   // batch: [256, 784] pixels in [0, 1]
 * }</pre>
 */
public final class Vae {
    /** The number of pixels of one MNIST image. */
    public static final int PIXELS = 784;

    private final int zDim;
    private final DType dtype;
    private final Encoder encoder;
    private final Decoder decoder;

    /** A VAE with a {@code zDim}-dimensional latent and {@code hidden} units per network. */
    public Vae(int zDim, int hidden, DType dtype) {
        this.zDim = zDim;
        this.dtype = dtype;
        this.encoder = new Encoder(zDim, hidden, dtype);
        this.decoder = new Decoder(zDim, hidden, dtype);
    }

    /** The latent dimension. */
    public int zDim() {
        return zDim;
    }

    /** The encoder network. */
    public Encoder encoder() {
        return encoder;
    }

    /** The decoder network. */
    public Decoder decoder() {
        return decoder;
    }

    /** p(x, z) = p(x | z) p(z), with {@code x} the observed images {@code [B, 784]}. */
    public void model(Tensor x) {
        module("decoder", decoder);
        int batch = x.dim(0);
        try (Plate data = plate("data", batch)) {
            Tensor zLoc = Tensor.zeros(dtype, batch, zDim);
            Tensor zScale = Tensor.ones(dtype, batch, zDim);
            Tensor z = sample("latent", Normal.of(zLoc, zScale).toEvent(1));
            Tensor locImg = decoder.forward(z);
            // The pixels are grey levels in [0, 1], not {0, 1}: validation off, as in the tutorial.
            sample("obs", Bernoulli.probs(locImg, false).toEvent(1), x.reshape(-1, PIXELS));
        }
    }

    /** q(z | x), the amortized posterior. */
    public void guide(Tensor x) {
        module("encoder", encoder);
        try (Plate data = plate("data", x.dim(0))) {
            Tensor[] loc = encoder.forward(x);
            sample("latent", Normal.of(loc[0], loc[1]).toEvent(1));
        }
    }

    /** Encodes {@code x}, draws z from q(z | x) and decodes it: pixel probabilities. */
    public Tensor reconstructImg(Tensor x) {
        Tensor[] loc = encoder.forward(x);
        Tensor z = Normal.of(loc[0], loc[1]).sample();
        return decoder.forward(z);
    }
}
