package org.ppl4j.spark.vae;

import java.util.List;
import org.ppl4j.core.DType;
import org.ppl4j.spark.ShardProgram;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.vae.model.Vae;

/**
 * The tutorial's VAE as executors rebuild it: examples are MNIST images as their 784 pixel bytes,
 * handed to model and guide as {@code byte / 255} in float32, as the app's single-machine training
 * does.
 *
 * @param zDim latent dimensions
 * @param hidden hidden units of encoder and decoder
 */
public record VaeProgram(int zDim, int hidden) implements ShardProgram<byte[], Tensor> {
    @Override
    public Shard<Tensor> create() {
        Vae vae = new Vae(zDim, hidden, DType.F32);
        return new Shard<>(vae::model, vae::guide);
    }

    @Override
    public Tensor args(List<byte[]> rows) {
        float[] x = new float[rows.size() * Vae.PIXELS];
        for (int i = 0; i < rows.size(); i++) {
            byte[] image = rows.get(i);
            for (int p = 0; p < Vae.PIXELS; p++) {
                x[i * Vae.PIXELS + p] = (image[p] & 0xFF) / 255f;
            }
        }
        return Tensor.of(x, rows.size(), Vae.PIXELS);
    }
}
