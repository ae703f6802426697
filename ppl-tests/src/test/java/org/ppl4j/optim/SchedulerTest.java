package org.ppl4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static List<Double> lrs(Optimizer opt, LrScheduler s, int epochs) {
        List<Double> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            s.step();
            out.add(opt.lr("w"));
        }
        return out;
    }

    @Test
    void stepLrDecaysEveryStepSizeEpochs() {
        try (var f = new OptimizerFixture(new double[] {1}, false);
                var sgd = new Sgd(1.0)) {
            f.step(sgd, new double[] {0}, false);
            assertThat(lrs(sgd, new StepLR(sgd, 2, 0.5), 6))
                    .containsExactly(1.0, 0.5, 0.5, 0.25, 0.25, 0.125);
        }
    }

    @Test
    void exponentialLrChainsTheProductLikePyTorch() {
        try (var f = new OptimizerFixture(new double[] {1}, false);
                var sgd = new Sgd(1.0)) {
            f.step(sgd, new double[] {0}, false);
            // PyTorch prints [0.9, 0.81, 0.7290000000000001, 0.6561000000000001].
            assertThat(lrs(sgd, new ExponentialLR(sgd, 0.9), 4))
                    .containsExactly(0.9, 0.81, 0.7290000000000001, 0.6561000000000001);
        }
    }

    @Test
    void theScheduledRateIsTheOneTheNextStepUses() {
        try (var f = new OptimizerFixture(new double[] {1}, false);
                var sgd = new Sgd(1.0)) {
            f.step(sgd, new double[] {0}, false);
            new StepLR(sgd, 1, 0.25).step();
            assertThat(f.step(sgd, new double[] {2}, false)).containsExactly(1 - 0.25 * 2);
        }
    }

    @Test
    void aParamWithoutStateYetStartsAtTheInitialRate() {
        try (var sgd = new Sgd(1.0)) {
            new ExponentialLR(sgd, 0.5).step();
            assertThat(sgd.lr("w")).isEqualTo(1.0);
        }
    }
}
