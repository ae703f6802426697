package org.ppl4j.vae.cli;

import com.google.inject.Module;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.ppl4j.vae.FakeVaeSession;
import org.ppl4j.vae.StopRequest;
import org.ppl4j.vae.Terminal;
import org.ppl4j.vae.VaeSession;

/** One run of the command line with captured output, the fake session and a given environment. */
record CliRun(int code, String out, String err) {
    static final Module FAKE = b -> b.bind(VaeSession.class).to(FakeVaeSession.class);

    static CliRun run(
            Path home,
            Map<String, String> env,
            boolean interactive,
            Module session,
            String... args) {
        return run(home, env, interactive, session, null, args);
    }

    /** A run whose graceful stop is {@code stop} (null: one nobody requests). */
    static CliRun run(
            Path home,
            Map<String, String> env,
            boolean interactive,
            Module session,
            StopRequest stop,
            String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal t =
                new Terminal(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        interactive);
        AppEnvironment app =
                stop == null
                        ? new AppEnvironment(t, env, home, session)
                        : new AppEnvironment(t, env, home, session, stop);
        int code = VaeCli.run(app, args);
        return new CliRun(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun run(Path home, String... args) {
        return run(home, Map.of(), false, FAKE, args);
    }
}
