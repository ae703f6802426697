package org.ppl4j.nn;

import java.util.List;
import org.ppl4j.tensor.Tensor;

/**
 * Layers applied one after another (PyTorch's {@code nn.Sequential}); layers that are modules
 * become submodules named by their index, so parameters are named {@code 0.weight}, {@code 2.bias},
 * ...
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Linear(784, 400), new Softplus(), new Linear(400, 50));
 * module("encoder", net);
 * Tensor h = net.forward(x);
 * }</pre>
 */
public final class Sequential extends Module implements Layer {
    private final List<Layer> layers;

    /** The chain of {@code layers}, first applied first. */
    public Sequential(Layer... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Module m) {
                submodule(Integer.toString(i), m);
            }
        }
    }

    /** Applies every layer in order. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Layer l : layers) {
            h = l.forward(h);
        }
        return h;
    }

    /** The layers, in order (unmodifiable). */
    public List<Layer> layers() {
        return layers;
    }

    /** E.g. {@code Sequential(Linear(784, 400), Softplus())}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(layers.get(i));
        }
        return sb.append(')').toString();
    }
}
