package org.ppl4j.nn;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The affine map {@code y = x W^T + b} with PyTorch's layout ({@code W} is {@code [out, in]}) and
 * PyTorch's default initialization: {@code W} then {@code b}, each uniform in {@code ±1/sqrt(in)}.
 *
 * <pre>{@code
 * Linear fc1 = new Linear(784, 400);
 * fc1.bindDefaults();
 * Tensor h = fc1.forward(x).softplus(); // x: [batch, 784], h: [batch, 400]
 * }</pre>
 */
public final class Linear extends Module implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /** A float32 layer from {@code in} to {@code out} features, with a bias. */
    public Linear(int in, int out) {
        this(in, out, true, DType.F32);
    }

    /** A layer from {@code in} to {@code out} features, with or without a bias, of a dtype. */
    public Linear(int in, int out, boolean withBias, DType dtype) {
        if (in < 0 || out < 0) {
            throw new PplException("Linear(" + in + ", " + out + "): sizes must be >= 0");
        }
        this.in = in;
        this.out = out;
        this.weight = parameter("weight", Shape.of(out, in), dtype, uniformInit(weightBound(in)));
        this.bias =
                withBias
                        ? parameter("bias", Shape.of(out), dtype, uniformInit(biasBound(in)))
                        : null;
    }

    /**
     * PyTorch's {@code kaiming_uniform_(W, a=sqrt(5))} bound, {@code sqrt(3) * gain / sqrt(in)}
     * with {@code gain = sqrt(2 / (1 + a^2))}, computed the same way so it rounds the same.
     */
    static double weightBound(int in) {
        if (in == 0) {
            return 0.0;
        }
        double a = StrictMath.sqrt(5.0);
        double gain = StrictMath.sqrt(2.0 / (1 + a * a));
        double std = gain / StrictMath.sqrt(in);
        return StrictMath.sqrt(3.0) * std;
    }

    /** PyTorch's bias bound {@code 1 / sqrt(in)} (0 when there are no inputs). */
    static double biasBound(int in) {
        return in == 0 ? 0.0 : 1 / StrictMath.sqrt(in);
    }

    private static Initializer uniformInit(double bound) {
        return Initializer.uniform(-bound, bound);
    }

    /** {@code x W^T + b} for {@code x} of shape {@code [..., in]}. */
    @Override
    public Tensor forward(Tensor x) {
        return Functions.linear(x, weight.value(), bias == null ? null : bias.value());
    }

    /** The weight, shape {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias, shape {@code [out]}, or null if the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** The number of input features. */
    public int inFeatures() {
        return in;
    }

    /** The number of output features. */
    public int outFeatures() {
        return out;
    }

    /** E.g. {@code Linear(784, 400)}. */
    @Override
    public String toString() {
        return "Linear(" + in + ", " + out + (bias == null ? ", bias=false" : "") + ")";
    }
}
