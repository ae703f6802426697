package org.ppl4j.vae;

import java.io.PrintStream;

/**
 * Where the app prints: results on {@code out}, notes and errors on {@code err}, and whether a
 * person is watching (then progress bars are redrawn in place with {@code \r}).
 *
 * @param out the tutorial's lines and other results
 * @param err progress notes, downloads and errors
 * @param interactive whether {@code out} is a terminal ({@code System.console() != null})
 */
public record Terminal(PrintStream out, PrintStream err, boolean interactive) {
    /** The process's streams; interactive when there is a console. */
    public static Terminal system() {
        return new Terminal(System.out, System.err, System.console() != null);
    }
}
