package org.ppl4j.backend.nd4j;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The threads that share this backend's large kernels with the calling thread: {@code threads - 1}
 * daemon workers. A worker that has finished a part waits for the next one spinning for {@value
 * #SPIN_NANOS} ns, then sleeps: a training step's products come one after another, and waking a
 * sleeping thread took longer than a small product on this machine's virtual CPUs, while spinning
 * for long (OpenBLAS's pool spins a tenth of a second after each call) took the core that the JVM's
 * thread needed for the kernels in between.
 *
 * <p>Backends of one thread count share one set of workers ({@link #shared}); a call made while
 * another thread has them runs all its parts itself.
 */
final class Nd4jWorkers {
    static final long SPIN_NANOS = 200_000;
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final Map<Integer, Nd4jWorkers> SHARED = new ConcurrentHashMap<>();

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock inUse = new ReentrantLock();

    Nd4jWorkers(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        int pool = POOLS.incrementAndGet();
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("ppl4j-nd4j-" + pool + "-worker-" + (i + 1));
            workers[i].start();
        }
    }

    /** The process's workers for {@code threads} threads, started on first use. */
    static Nd4jWorkers shared(int threads) {
        return SHARED.computeIfAbsent(threads, Nd4jWorkers::new);
    }

    /** How many threads share a kernel, the caller's included. */
    int threads() {
        return threads;
    }

    /**
     * Runs {@code part.accept(i)} for every {@code i < parts} (at most {@link #threads()}): part 0
     * on the calling thread, the others on the workers, or all on the calling thread while another
     * thread has the workers. Returns once every part has finished (even when one failed, so that
     * no part still writes into an output the caller goes on to use), then rethrows the first
     * failure.
     */
    void run(int parts, IntConsumer part) {
        if (parts > threads) {
            throw new IllegalArgumentException(parts + " parts for " + threads + " threads");
        }
        if (parts <= 1 || !inUse.tryLock()) {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
            return;
        }
        try {
            Batch batch = new Batch(part, parts - 1);
            for (int i = 1; i < parts; i++) {
                workers[i - 1].give(batch, i);
            }
            try {
                part.accept(0);
            } catch (RuntimeException | Error e) {
                batch.fail(e);
            }
            batch.awaitOthers();
            Throwable failure = batch.failure.get();
            if (failure instanceof RuntimeException r) {
                throw r;
            } else if (failure instanceof Error e) {
                throw e;
            }
        } finally {
            inUse.unlock();
        }
    }

    /** One call's parts: what to run, how many workers are still at it, the first failure. */
    private static final class Batch {
        final IntConsumer part;
        final AtomicInteger pending;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Batch(IntConsumer part, int others) {
            this.part = part;
            this.pending = new AtomicInteger(others);
        }

        void fail(Throwable t) {
            failure.compareAndSet(null, t);
        }

        /** Spins while the other parts are short; yields the core if one is taking long. */
        void awaitOthers() {
            long start = System.nanoTime();
            while (pending.get() > 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    private static final class Worker extends Thread {
        private volatile Batch batch;
        private volatile int index;
        private volatile boolean sleeping;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void give(Batch b, int i) {
            index = i;
            batch = b; // published after the index
            if (sleeping) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                Batch b = next();
                try {
                    b.part.accept(index);
                } catch (Throwable t) {
                    b.fail(t);
                } finally {
                    b.pending.decrementAndGet();
                }
            }
        }

        /**
         * Takes the next batch: spins for a while, then sleeps. Either this thread sees the batch
         * after announcing that it sleeps, or {@link #give} sees the announcement and wakes it.
         */
        private Batch next() {
            long start = System.nanoTime();
            while (true) {
                Batch b = batch;
                if (b != null) {
                    batch = null;
                    return b;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                sleeping = true;
                if (batch == null) {
                    LockSupport.park(this);
                }
                sleeping = false;
            }
        }
    }
}
