package org.ppl4j.vae.cli;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.concurrent.Callable;
import org.ppl4j.core.PplException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ppl-vae} command line: {@code train}, {@code sample}, {@code reconstruct}, {@code
 * embed}, {@code evaluate}, {@code bench}, each with {@code --help}.
 *
 * <p>Exit codes: 0 done; 2 invalid options, reported before any work with the option named and the
 * fix; 1 a failure while working (bad data, a failed download, a full disk, an {@code --out} that
 * another run holds), reported in one message; 143 and 130 when {@code train} stopped gracefully on
 * SIGTERM or SIGINT after writing a checkpoint.
 */
@Command(
        name = "ppl-vae",
        mixinStandardHelpOptions = true,
        version = "ppl-vae 0.1.0",
        description = "The MNIST variational autoencoder of Pyro's VAE tutorial, on ppl4j.",
        subcommandsRepeatable = false)
public final class VaeCli implements Callable<Integer> {
    @Spec CommandSpec spec;

    private VaeCli() {}

    /** Runs the command line {@code args} in {@code app}; returns the exit code. */
    public static int run(AppEnvironment app, String... args) {
        PrintStream err = app.terminal().err();
        CommandLine cl = commands(app);
        cl.setOut(new PrintWriter(app.terminal().out(), true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(
                (ex, a) -> {
                    ex.getMessage().lines().forEach(line -> err.println("error: " + line));
                    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
                    err.println(
                            "Run '"
                                    + ex.getCommandLine().getCommandSpec().qualifiedName()
                                    + " --help' for the options.");
                    err.flush();
                    return CommandLine.ExitCode.USAGE;
                });
        cl.setExecutionExceptionHandler(
                (ex, cmd, parsed) -> {
                    String message = explain(ex);
                    if (message == null) {
                        ex.printStackTrace(err);
                    } else {
                        message.lines().forEach(line -> err.println("error: " + line));
                    }
                    err.flush();
                    return CommandLine.ExitCode.SOFTWARE;
                });
        int code = cl.execute(args);
        app.terminal().out().flush();
        return code;
    }

    /**
     * The command tree working in {@code app}. Each command's description is one string, which
     * picocli wraps: the top-level help lists only a description's first string.
     */
    static CommandLine commands(AppEnvironment app) {
        CommandLine cl = new CommandLine(new VaeCli());
        cl.addSubcommand(new TrainCommand(app));
        cl.addSubcommand(new SampleCommand(app));
        cl.addSubcommand(new ReconstructCommand(app));
        cl.addSubcommand(new EmbedCommand(app));
        cl.addSubcommand(new EvaluateCommand(app));
        cl.addSubcommand(new BenchCommand(app));
        return cl;
    }

    /** The message to show for a failure we expect, or null for a bug (then the stack trace). */
    static String explain(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PplException
                    || t instanceof UncheckedIOException
                    || t instanceof IOException) {
                return t.getMessage();
            }
            if (t instanceof CreationException c && !hasKnownCause(c.getErrorMessages())) {
                return messages(c.getErrorMessages());
            }
            if (t instanceof ConfigurationException c && !hasKnownCause(c.getErrorMessages())) {
                return messages(c.getErrorMessages());
            }
            if (t instanceof ProvisionException p && !hasKnownCause(p.getErrorMessages())) {
                return messages(p.getErrorMessages());
            }
        }
        return null;
    }

    private static boolean hasKnownCause(Collection<Message> messages) {
        for (Message m : messages) {
            if (m.getCause() != null && explain(m.getCause()) != null) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Collection<Message> messages) {
        StringBuilder s = new StringBuilder();
        for (Message m : messages) {
            s.append(s.length() == 0 ? "" : "\n").append(m.getMessage());
        }
        return s.toString();
    }

    /** Without a command: the usage, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
