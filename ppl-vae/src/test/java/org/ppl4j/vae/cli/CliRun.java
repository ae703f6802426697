package org.ppl4j.vae.cli;

import com.google.inject.Module;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * {@code train} on {@code data} into {@code out} with the small model the fake session tests
     * use (batches of 64, z-dim 4), then {@code extra}.
     */
    static String[] trainArgs(Path data, Path out, String... extra) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--data-dir",
                                data.toString(),
                                "--out",
                                out.toString(),
                                "--batch-size",
                                "64",
                                "--z-dim",
                                "4"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    static CliRun run(Path home, String... args) {
        return run(home, Map.of(), false, FAKE, args);
    }
}
