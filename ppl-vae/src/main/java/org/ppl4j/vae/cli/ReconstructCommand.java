package org.ppl4j.vae.cli;

import com.google.inject.Injector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistSplit;
import org.ppl4j.vae.output.AtomicFiles;
import org.ppl4j.vae.output.DigitGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code reconstruct}: test images beside their reconstructions. */
@Command(
        name = "reconstruct",
        mixinStandardHelpOptions = true,
        description =
                "Encodes the first --count test images, draws z ~ q(z|x) and decodes it "
                        + "(the tutorial's reconstruct_img); each original stands left of its "
                        + "reconstruction in --out/reconstructions.png.")
final class ReconstructCommand implements Callable<Integer> {
    /** The output file's name in --out. */
    static final String PNG = "reconstructions.png";

    private final AppEnvironment app;

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin DataOptions data;

    @Mixin CheckpointOptions run;

    @Mixin GridOptions grid;

    ReconstructCommand(AppEnvironment app) {
        this.app = app;
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks c = new OptionChecks();
        model.check(c);
        data.check(c, app);
        run.check(c, true);
        grid.check(c);
        c.throwIfAny(spec.commandLine());

        Injector injector = app.injector(model.settings(1e-3), data.dataDir, null);
        MnistSplit test = injector.getInstance(Mnist.class).test();
        int n = Math.min(grid.count, test.size());
        float[] originals = test.images(0, n);
        try (VaeSession session = injector.getInstance(VaeSession.class)) {
            session.loadCheckpoint(run.checkpointFile());
            session.seed(model.seed);
            float[] recon = session.reconstruct(originals, n);
            Files.createDirectories(run.out);
            Path png = run.out.resolve(PNG);
            AtomicFiles.writePng(
                    png, DigitGrid.pairs(originals, recon, n, grid.columns, grid.scale));
            app.terminal().out().println("wrote " + png);
        }
        return 0;
    }
}
