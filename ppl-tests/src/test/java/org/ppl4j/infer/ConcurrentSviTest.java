package org.ppl4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.ppl4j.Ppl;
import org.ppl4j.PplContext;
import org.ppl4j.distributions.Normal;
import org.ppl4j.infer.autoguide.AutoNormal;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Two SVI runs on two threads at once give exactly what they give one after the other: each thread
 * has its own handler stack, param store and random stream.
 */
class ConcurrentSviTest {
    private record Result(List<Double> losses, List<Double> params) {}

    private static void model(Tensor data) {
        Tensor mu = sample("mu", Normal.of(Tensor.of(new double[] {0.0}), 2.0));
        try (var p = plate("data", data.dim(0))) {
            sample("obs", Normal.of(mu, 1.0), data);
        }
    }

    private static Result run(long seed, double[] data, CyclicBarrier start) throws Exception {
        if (start != null) {
            start.await();
        }
        List<Double> losses = new ArrayList<>();
        List<Double> params = new ArrayList<>();
        try (var scope = new TensorScope(Backends.get("reference"));
                var adam = new Adam(0.02)) {
            Ppl.seed(seed);
            Tensor x = Tensor.of(data, data.length);
            var svi =
                    new Svi<>(
                            ConcurrentSviTest::model,
                            new AutoNormal<>(ConcurrentSviTest::model),
                            adam,
                            new TraceElbo());
            for (int i = 0; i < 150; i++) {
                losses.add(svi.step(x));
            }
            ParamStore store = PplContext.current().paramStore();
            for (String n : store.names()) {
                for (double v : store.get(n).toDoubleArray()) {
                    params.add(v);
                }
            }
            store.close();
        }
        return new Result(losses, params);
    }

    private static Result[] onThreads(boolean together) throws Exception {
        double[][] data = {{1.0, 1.5, 0.7}, {-2.0, -1.1, -2.5, -1.9}};
        long[] seeds = {1, 2};
        Result[] out = new Result[2];
        CyclicBarrier barrier = together ? new CyclicBarrier(2) : null;
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int k = 0; k < 2; k++) {
            int i = k;
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    out[i] = run(seeds[i], data[i], barrier);
                                } catch (Throwable e) {
                                    failure.set(e);
                                }
                            });
            threads.add(t);
            t.start();
            if (!together) {
                t.join();
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return out;
    }

    @Test
    void twoRunsAtOnceEqualTwoRunsInTurn() throws Exception {
        Result[] inTurn = onThreads(false);
        Result[] atOnce = onThreads(true);
        for (int i = 0; i < 2; i++) {
            assertThat(atOnce[i].losses())
                    .as("losses of run " + i)
                    .containsExactlyElementsOf(inTurn[i].losses());
            assertThat(atOnce[i].params())
                    .as("params of run " + i)
                    .containsExactlyElementsOf(inTurn[i].params());
        }
        assertThat(inTurn[0].losses()).isNotEqualTo(inTurn[1].losses());
        assertThat(inTurn[0].params()).hasSize(2);
    }
}
