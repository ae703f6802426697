package org.ppl4j.vae.cli;

import com.google.inject.Injector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistSplit;
import org.ppl4j.vae.output.AtomicFiles;
import org.ppl4j.vae.output.LatentMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code embed}: the test set's latent means in 2-D by t-SNE, coloured by digit (Figure 5). */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description =
                "Encodes test images to their latent means z_loc, embeds them in 2-D with "
                        + "Barnes-Hut t-SNE and plots them coloured by digit: --out/embedding.png, "
                        + "with the points in --out/embedding.csv (x,y,label).")
final class EmbedCommand implements Callable<Integer> {
    /** The output files' names in --out. */
    static final String PNG = "embedding.png";

    static final String CSV = "embedding.csv";

    private final AppEnvironment app;

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin DataOptions data;

    @Mixin CheckpointOptions run;

    @Option(
            names = "--points",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Embed the first N test images (default: ${DEFAULT-VALUE}, all).")
    int points;

    @Option(
            names = "--perplexity",
            paramLabel = "P",
            defaultValue = "30",
            description = "t-SNE perplexity, below (N - 2) / 3 (default: ${DEFAULT-VALUE}).")
    double perplexity;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            defaultValue = "1000",
            description = "t-SNE iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    EmbedCommand(AppEnvironment app) {
        this.app = app;
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks c = new OptionChecks();
        model.check(c);
        data.check(c, app);
        run.check(c, true);
        c.atLeast("--points", points, 4);
        c.atLeast("--iterations", iterations, 1);
        c.positive("--perplexity", perplexity);
        if (points >= 4 && perplexity > LatentMap.maxPerplexity(points)) {
            c.add(
                    String.format(
                            Locale.ROOT,
                            "--perplexity %s is too large for --points %d (at most %.1f); lower it or"
                                    + " embed more points",
                            perplexity,
                            points,
                            LatentMap.maxPerplexity(points)));
        }
        c.throwIfAny(spec.commandLine());

        VaeSettings settings = model.settings(1e-3);
        Injector injector = app.injector(settings, data.dataDir, null);
        MnistSplit test = injector.getInstance(Mnist.class).test();
        int n = Math.min(points, test.size());
        if (perplexity > LatentMap.maxPerplexity(n)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--perplexity "
                            + perplexity
                            + " is too large for the "
                            + n
                            + " test images there are; lower it");
        }
        try (VaeSession session = injector.getInstance(VaeSession.class)) {
            session.loadCheckpoint(run.checkpointFile());
            int z = session.zDim();
            float[] means = new float[n * z];
            for (int from = 0; from < n; from += settings.batchSize()) {
                int to = Math.min(n, from + settings.batchSize());
                float[] m = session.encodeMeans(test.images(from, to), to - from);
                System.arraycopy(m, 0, means, from * z, m.length);
            }
            int[] labels = test.labels(0, n);
            double[][] xy =
                    LatentMap.embed(
                            means, n, z, perplexity, iterations, model.seed, this::progress);
            if (app.terminal().interactive()) {
                app.terminal().err().print("\r" + " ".repeat(20) + "\r");
            }
            Files.createDirectories(run.out);
            Path png = run.out.resolve(PNG);
            AtomicFiles.writeString(run.out.resolve(CSV), LatentMap.toCsv(xy, labels));
            AtomicFiles.writePng(
                    png,
                    LatentMap.render(xy, labels, "Latent means of " + n + " test images (t-SNE)"));
            app.terminal().out().println("wrote " + png);
        }
        return 0;
    }

    private int shown = -1;

    private void progress(double fraction) {
        int percent = (int) (fraction * 100);
        if (app.terminal().interactive() && percent != shown) {
            shown = percent;
            app.terminal().err().print("\rt-SNE: " + percent + "%");
            app.terminal().err().flush();
        }
    }
}
