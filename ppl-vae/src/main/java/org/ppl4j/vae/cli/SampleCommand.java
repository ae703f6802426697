package org.ppl4j.vae.cli;

import com.google.inject.Injector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.output.AtomicFiles;
import org.ppl4j.vae.output.DigitGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sample}: digits decoded from draws of the prior (the tutorial's Figure 4). */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = "Decodes draws z ~ N(0, I) into a grid of digits: --out/samples.png.")
final class SampleCommand implements Callable<Integer> {
    /** The output file's name in --out. */
    static final String PNG = "samples.png";

    private final AppEnvironment app;

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin CheckpointOptions run;

    @Mixin GridOptions grid;

    SampleCommand(AppEnvironment app) {
        this.app = app;
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks c = new OptionChecks();
        model.check(c);
        run.check(c, true);
        grid.check(c);
        c.throwIfAny(spec.commandLine());

        Injector injector = app.injector(model.settings(1e-3), null, null);
        try (VaeSession session = injector.getInstance(VaeSession.class)) {
            session.loadCheckpoint(run.checkpointFile());
            session.seed(model.seed);
            float[] images = session.decode(session.samplePrior(grid.count), grid.count);
            Files.createDirectories(run.out);
            Path png = run.out.resolve(PNG);
            AtomicFiles.writePng(
                    png, DigitGrid.render(images, grid.count, grid.columns, grid.scale));
            app.terminal().out().println("wrote " + png);
        }
        return 0;
    }
}
