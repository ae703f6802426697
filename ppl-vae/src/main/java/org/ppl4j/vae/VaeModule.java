package org.ppl4j.vae;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistDownloader;
import org.ppl4j.vae.mnist.MnistLocation;

/**
 * Assembles the app's parts: settings, the backend from the SPI, the data set, the training plan.
 * The {@link VaeSession} implementation comes from a second module (the app uses {@link
 * VaeSessionModule}); it can inject everything bound here. The backend and the data set are made on
 * first use only, so a command that needs neither never loads them.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *         new VaeModule(settings, location, downloader, terminal, plan), new VaeSessionModule());
 * try (VaeSession session = injector.getInstance(VaeSession.class)) { ... }
 * }</pre>
 */
public final class VaeModule extends AbstractModule {
    private final VaeSettings settings;
    private final MnistLocation data;
    private final MnistDownloader downloader;
    private final Terminal terminal;
    private final TrainingPlan plan;

    /**
     * A module for one command; {@code plan} is null for the commands that do not train (then no
     * {@link TrainingPlan} is bound).
     */
    public VaeModule(
            VaeSettings settings,
            MnistLocation data,
            MnistDownloader downloader,
            Terminal terminal,
            TrainingPlan plan) {
        this.settings = settings;
        this.data = data;
        this.downloader = downloader;
        this.terminal = terminal;
        this.plan = plan;
    }

    @Override
    protected void configure() {
        bind(VaeSettings.class).toInstance(settings);
        bind(MnistLocation.class).toInstance(data);
        bind(MnistDownloader.class).toInstance(downloader);
        bind(Terminal.class).toInstance(terminal);
        if (plan != null) {
            bind(TrainingPlan.class).toInstance(plan);
        }
        requireBinding(VaeSession.class);
    }

    /** The backend named by {@code --backend}, else the default choice of {@link Backends}. */
    @Provides
    @Singleton
    Backend backend(VaeSettings s) {
        if (s.threads() > 0) {
            int cores = Runtime.getRuntime().availableProcessors();
            int threads = Math.min(s.threads(), cores);
            if (threads < s.threads()) {
                // TF starts that many threads per pool; tens of thousands abort the JVM later.
                System.err.println(
                        "note: --threads "
                                + s.threads()
                                + " is more than the "
                                + cores
                                + " cores here; using "
                                + cores);
            }
            // Backends read their thread count when they are created, which happens just below.
            System.setProperty("ppl.threads", Integer.toString(threads));
        }
        return s.backend() == null ? Backends.get() : Backends.get(s.backend());
    }

    /** MNIST from the chosen directory, downloaded into the cache when needed. */
    @Provides
    @Singleton
    Mnist mnist(MnistLocation location, MnistDownloader d) {
        return Mnist.load(location, d);
    }
}
