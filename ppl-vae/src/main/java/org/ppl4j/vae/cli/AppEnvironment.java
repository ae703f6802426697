package org.ppl4j.vae.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.nio.file.Path;
import java.util.Map;
import org.ppl4j.vae.StopRequest;
import org.ppl4j.vae.Terminal;
import org.ppl4j.vae.TrainingPlan;
import org.ppl4j.vae.VaeModule;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.DownloadProgress;
import org.ppl4j.vae.mnist.MnistDownloader;
import org.ppl4j.vae.mnist.MnistLocation;

/**
 * What the commands take from outside: the terminal, the environment variables, the home directory
 * (for the cache) and the module that binds the {@link org.ppl4j.vae.VaeSession}. Tests pass their
 * own.
 *
 * @param terminal where to print
 * @param env the environment variables ({@code PPL_MNIST_DIR}, {@code XDG_CACHE_HOME})
 * @param home the user's home directory
 * @param sessionModule binds {@code VaeSession}
 * @param stop how {@code train} is asked to stop gracefully (the process's signals, or a test)
 */
public record AppEnvironment(
        Terminal terminal,
        Map<String, String> env,
        Path home,
        Module sessionModule,
        StopRequest stop) {
    /** An environment whose stop is only ever requested by calling it (tests). */
    public AppEnvironment(
            Terminal terminal, Map<String, String> env, Path home, Module sessionModule) {
        this(
                terminal,
                env,
                home,
                sessionModule,
                StopRequest.manual(
                        terminal.err(),
                        code -> {
                            throw new IllegalStateException("second stop request, exit " + code);
                        }));
    }

    /** The process's terminal, environment, home and signals, with {@code sessionModule}. */
    public static AppEnvironment system(Module sessionModule) {
        Terminal t = Terminal.system();
        return new AppEnvironment(
                t,
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                sessionModule,
                StopRequest.onSignals(t.err()));
    }

    /** This environment with {@code module} binding the session (e.g. a distributed one). */
    AppEnvironment withSessionModule(Module module) {
        return new AppEnvironment(terminal, env, home, module, stop);
    }

    /** Where MNIST is read from given {@code --data-dir} (null when not given). */
    MnistLocation mnistLocation(Path dataDirOption) {
        return MnistLocation.resolve(dataDirOption, env, home);
    }

    /** The injector of one command; {@code plan} is null except for {@code train}. */
    Injector injector(VaeSettings settings, Path dataDirOption, TrainingPlan plan) {
        MnistDownloader downloader =
                MnistDownloader.standard(
                        DownloadProgress.printingTo(terminal.err(), terminal.interactive()));
        return Guice.createInjector(
                new VaeModule(settings, mnistLocation(dataDirOption), downloader, terminal, plan),
                sessionModule);
    }
}
