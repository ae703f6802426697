package org.ppl4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class Nd4jWorkersTest {
    @Test
    void runsEachPartOnceWithPartZeroOnTheCaller() throws InterruptedException {
        Nd4jWorkers w = new Nd4jWorkers(3);
        for (int round = 0; round < 3; round++) {
            ConcurrentHashMap<Integer, String> ran = new ConcurrentHashMap<>();
            AtomicInteger calls = new AtomicInteger();
            w.run(
                    3,
                    p -> {
                        calls.incrementAndGet();
                        ran.put(p, Thread.currentThread().getName());
                    });
            assertThat(calls).hasValue(3);
            assertThat(ran.get(0)).isEqualTo(Thread.currentThread().getName());
            assertThat(ran.get(1)).contains("-worker-");
            assertThat(ran.get(2)).contains("-worker-").isNotEqualTo(ran.get(1));
            // Long enough for the workers to stop spinning and sleep: the next round wakes them.
            Thread.sleep(5 * Nd4jWorkers.SPIN_NANOS / 1_000_000 + 5);
        }
    }

    @Test
    void aFailingPartIsRethrownOnlyAfterTheOthersFinished() {
        Nd4jWorkers w = new Nd4jWorkers(2);
        AtomicBoolean otherDone = new AtomicBoolean();
        assertThatThrownBy(
                        () ->
                                w.run(
                                        2,
                                        p -> {
                                            if (p == 0) {
                                                throw new IllegalStateException("part 0 failed");
                                            }
                                            sleep(50);
                                            otherDone.set(true);
                                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("part 0 failed");
        assertThat(otherDone).isTrue();
        assertThatThrownBy(
                        () ->
                                w.run(
                                        2,
                                        p -> {
                                            if (p == 1) {
                                                throw new ArithmeticException("worker part failed");
                                            }
                                        }))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("worker part failed");
        AtomicInteger after = new AtomicInteger();
        w.run(2, p -> after.incrementAndGet());
        assertThat(after).as("the workers still run after a failure").hasValue(2);
    }

    @Test
    void callersOnSeveralThreadsEachGetEveryPartRun() throws InterruptedException {
        Nd4jWorkers w = new Nd4jWorkers(2);
        AtomicLong sum = new AtomicLong();
        int callers = 4;
        int rounds = 2000;
        CountDownLatch done = new CountDownLatch(callers);
        for (int c = 0; c < callers; c++) {
            Thread t =
                    new Thread(
                            () -> {
                                for (int r = 0; r < rounds; r++) {
                                    w.run(2, p -> sum.addAndGet(p + 1));
                                }
                                done.countDown();
                            });
            t.start();
        }
        done.await();
        assertThat(sum).hasValue((long) callers * rounds * 3);
    }

    @Test
    void refusesMorePartsThanThreadsAndBadCounts() {
        assertThatThrownBy(() -> new Nd4jWorkers(2).run(3, p -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 parts for 2 threads");
        assertThatThrownBy(() -> new Nd4jWorkers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThat(Nd4jWorkers.shared(2)).isSameAs(Nd4jWorkers.shared(2));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
