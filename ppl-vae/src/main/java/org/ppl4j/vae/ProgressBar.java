package org.ppl4j.vae;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for a terminal, redrawn in place with {@code \r}: steps done, steps per
 * second, time left and the running loss. It redraws at most ten times a second.
 *
 * <pre>
 * [epoch 003] 120/235 [==========>         ]  41.3 steps/s  ETA 00:03  loss 130.4127
 * </pre>
 *
 * <p>Why not {@code me.tongfei:progressbar} 0.10.1: it draws from its own timer thread and reads
 * the wall clock, so which frames appear, and their rate and time left, differ from run to run (3
 * or 4 frames for the same ten 30 ms steps), and no test can pin them; it draws into a pipe as
 * well; and it brings jline, whose native loader warns on JDK 24+. This class takes its clock.
 */
final class ProgressBar {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String label;
    private final int total;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw;
    private int drawnLength;

    ProgressBar(PrintStream out, String label, int total) {
        this(out, label, total, System::nanoTime);
    }

    /** A bar that reads the time in nanoseconds from {@code clock} (tests inject one). */
    ProgressBar(PrintStream out, String label, int total, LongSupplier clock) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.clock = clock;
        this.start = clock.getAsLong();
        // So that the first update draws. (Long.MIN_VALUE here overflowed now - lastDraw into a
        // negative number, which hid every frame but the last.)
        this.lastDraw = start - REDRAW_NANOS;
    }

    /** Shows that {@code done} of the steps are finished, with the running average loss. */
    void update(int done, double runningLoss) {
        long now = clock.getAsLong();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(done, runningLoss, (now - start) / 1e9);
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }

    /** Erases the bar so the next line starts at the left margin. */
    void clear() {
        if (drawnLength > 0) {
            out.print("\r" + " ".repeat(drawnLength) + "\r");
            out.flush();
            drawnLength = 0;
        }
    }

    String render(int done, double runningLoss, double seconds) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String bar =
                "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        double rate = seconds > 0 ? done / seconds : 0;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        return String.format(
                Locale.ROOT,
                "%s %d/%d [%s] %6.1f steps/s  ETA %02d:%02d  loss %.4f",
                label,
                done,
                total,
                bar,
                rate,
                eta / 60,
                eta % 60,
                runningLoss);
    }
}
