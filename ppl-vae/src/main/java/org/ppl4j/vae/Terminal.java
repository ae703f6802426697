package org.ppl4j.vae;

import java.io.Console;
import java.io.PrintStream;

/**
 * Where the app prints: results on {@code out}, notes and errors on {@code err}, and whether a
 * person is watching (then progress bars are redrawn in place with {@code \r}).
 *
 * @param out the tutorial's lines and other results
 * @param err progress notes, downloads and errors
 * @param interactive whether the process's input and output are a terminal
 */
public record Terminal(PrintStream out, PrintStream err, boolean interactive) {
    /** The process's streams; interactive when they are a terminal. */
    public static Terminal system() {
        return new Terminal(System.out, System.err, isTerminal(System.console()));
    }

    /**
     * Whether {@code console} ({@code System.console()}) is a terminal. Up to JDK 21 there is a
     * console only on a terminal; JDK 22 to 24 return one for redirected streams too, and only
     * {@code Console.isTerminal()} (JDK 22+, so called by name under release 17) tells them apart.
     */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
