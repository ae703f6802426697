package org.ppl4j.vae;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A request to stop training gracefully, made by SIGTERM or SIGINT (Ctrl-C): the trainer finishes
 * the step it is in, writes a checkpoint and returns; a second signal ends the process at once
 * (what it was writing is written atomically, so nothing half-written is left under a real name).
 *
 * <p>The signals are caught with {@code sun.misc.Signal} (module {@code jdk.unsupported}), the only
 * way the JDK offers to handle SIGTERM/SIGINT without ending the JVM: a shutdown hook cannot delay
 * the exit until the current step is done without racing it. It is present on every JDK since 1.4
 * and exported for exactly this use; where it is missing, {@link #listenToSignals} says so and the
 * signals keep their default meaning.
 *
 * <pre>{@code
 * StopRequest stop = StopRequest.onSignals(System.err);
 * stop.listenToSignals();          // right before training starts
 * if (stop.requested()) { ... write a checkpoint; exit with stop.exitCode() ... }
 * }</pre>
 */
public final class StopRequest {
    private final AtomicReference<String> signal = new AtomicReference<>();
    private final PrintStream notes;
    private final IntConsumer halt;
    private final boolean handleSignals;

    private StopRequest(PrintStream notes, IntConsumer halt, boolean handleSignals) {
        this.notes = notes;
        this.halt = halt;
        this.handleSignals = handleSignals;
    }

    /** A request made by this process's SIGTERM and SIGINT once {@link #listenToSignals} ran. */
    public static StopRequest onSignals(PrintStream notes) {
        return new StopRequest(notes, code -> Runtime.getRuntime().halt(code), true);
    }

    /**
     * A request made only by calling {@link #request} (tests); a second request calls {@code halt}
     * with the exit code instead of ending the process.
     */
    public static StopRequest manual(PrintStream notes, IntConsumer halt) {
        return new StopRequest(notes, halt, false);
    }

    /** Routes SIGTERM and SIGINT to {@link #request} from now on (no-op for a manual request). */
    public void listenToSignals() {
        if (!handleSignals) {
            return;
        }
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> request(s.getName()));
            }
        } catch (IllegalArgumentException | LinkageError e) {
            notes.println(
                    "note: cannot catch SIGTERM/SIGINT on this JVM ("
                            + e
                            + "); a signal ends training at once, without a checkpoint of the"
                            + " current epoch");
        }
    }

    /**
     * Asks training to stop after the current step, for signal {@code name} ({@code TERM}, {@code
     * INT}); a second request ends the process at once with the first one's exit code.
     */
    public void request(String name) {
        if (signal.compareAndSet(null, name)) {
            notes.println(
                    "SIG"
                            + name
                            + ": stopping after the current step and writing a checkpoint"
                            + " (send the signal again to stop at once)");
            notes.flush();
        } else {
            notes.println("SIG" + name + " again: stopping at once");
            notes.flush();
            halt.accept(exitCode());
        }
    }

    /** Whether a stop was asked for. */
    public boolean requested() {
        return signal.get() != null;
    }

    /** The signal that asked, as {@code SIGTERM}, or null. */
    public String signal() {
        String s = signal.get();
        return s == null ? null : "SIG" + s;
    }

    /** The shell's exit code for the signal: 128 + its number (143 SIGTERM, 130 SIGINT). */
    public int exitCode() {
        String s = signal.get();
        return "INT".equals(s) ? 130 : 143;
    }
}
