package org.ppl4j.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Times the operations the MNIST VAE spends its step on, on float32 tensors of the VAE's sizes
 * ({@code [256, 784]} batches, a {@code [400, 784]} weight), each in its own scope so release is
 * included. A benchmark, not a test: it prints microseconds per call and asserts nothing.
 *
 * <pre>{@code
 * java -cp ... org.ppl4j.bench.OpBenchmark nd4j 100
 * }</pre>
 */
public final class OpBenchmark {
    private OpBenchmark() {}

    /** Arguments: backend name (default: the selected one) and repetitions (default 100). */
    public static void main(String[] args) {
        Backend backend = args.length > 0 ? Backends.get(args[0]) : Backends.get();
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        System.out.println(backend.describe());
        try (TensorScope scope = new TensorScope(backend)) {
            Random rng = new Random(0);
            float[] d = new float[256 * 784];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextFloat();
            }
            float[] w = new float[400 * 784];
            for (int i = 0; i < w.length; i++) {
                w[i] = (rng.nextFloat() - 0.5f) * 0.07f;
            }
            Tensor a = Tensor.of(d, 256, 784);
            Tensor b = a.mul(2.0).sub(1.0);
            Tensor cond = a.gt(0.5);
            Tensor weight = Tensor.of(w, 400, 784);
            Tensor bias = Tensor.of(new float[784], 784);
            Tensor hidden = a.narrow(1, 0, 400);
            Map<String, Supplier<Tensor>> ops = new LinkedHashMap<>();
            ops.put("add", () -> a.add(b));
            ops.put("mul", () -> a.mul(b));
            ops.put("exp", a::exp);
            ops.put("log1p", a::log1p);
            ops.put("sigmoid", a::sigmoid);
            ops.put("softplus", b::softplus);
            ops.put("gt", () -> a.gt(b));
            ops.put("where", () -> cond.where(a, b));
            ops.put("clamp", () -> a.clamp(1e-7, 1 - 1e-7));
            ops.put("bce_with_logits", () -> Functions.binaryCrossEntropyWithLogits(b, a));
            ops.put("sum(axis 0)", () -> a.sum(0));
            ops.put("sum(all)", a::sum);
            ops.put("broadcastTo [784]->[256,784]", () -> bias.broadcastTo(Shape.of(256, 784)));
            ops.put("matmul [256,784]x[400,784]^T", () -> a.matmul(weight, false, true));
            ops.put("matmul [256,400]^T x [256,784]", () -> hidden.matmul(a, true, false));
            for (Map.Entry<String, Supplier<Tensor>> op : ops.entrySet()) {
                for (int i = 0; i < Math.max(5, reps / 5); i++) {
                    try (TensorScope s = new TensorScope()) {
                        op.getValue().get();
                    }
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    try (TensorScope s = new TensorScope()) {
                        op.getValue().get();
                    }
                }
                double us = (System.nanoTime() - t0) / 1e3 / reps;
                System.out.println(String.format(Locale.ROOT, "%-34s %10.1f us", op.getKey(), us));
            }
        }
    }
}
