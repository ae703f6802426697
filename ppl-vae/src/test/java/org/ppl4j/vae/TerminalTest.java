package org.ppl4j.vae;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Progress bars are drawn on a terminal only. */
class TerminalTest {
    @Test
    void noConsoleIsNoTerminal() {
        assertThat(Terminal.isTerminal(null)).isFalse();
    }

    @Test
    void theTestJvmsRedirectedStreamsAreNoTerminal() {
        // Surefire pipes the forked JVM's streams: on JDK 22 to 24 System.console() is not null
        // there, and only Console.isTerminal() says that no one is watching.
        assertThat(Terminal.system().interactive()).isFalse();
    }
}
