package org.ppl4j.vae.cli;

import com.google.inject.Injector;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ppl4j.vae.Trainer;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: the test loss of a checkpoint, printed as the tutorial prints it. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Prints '[epoch NNN] average test loss: X' for a checkpoint (the negative test"
                        + " ELBO per image).")
final class EvaluateCommand implements Callable<Integer> {
    private final AppEnvironment app;

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin DataOptions data;

    @Mixin CheckpointOptions run;

    @Option(
            names = "--limit-test",
            paramLabel = "N",
            description = "Evaluate on the first N test images only.")
    Integer limitTest;

    EvaluateCommand(AppEnvironment app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        OptionChecks c = new OptionChecks();
        model.check(c);
        data.check(c, app);
        run.check(c, false);
        if (limitTest != null) {
            c.atLeast("--limit-test", limitTest, 1);
        }
        c.throwIfAny(spec.commandLine());

        VaeSettings settings = model.settings(1e-3);
        Injector injector = app.injector(settings, data.dataDir, null);
        MnistSplit test = injector.getInstance(Mnist.class).test();
        if (limitTest != null) {
            test = test.first(limitTest);
        }
        try (VaeSession session = injector.getInstance(VaeSession.class)) {
            int epoch = session.loadCheckpoint(run.checkpointFile());
            session.seed(model.seed);
            double loss = Trainer.averageLoss(session, test, settings.batchSize());
            app.terminal()
                    .out()
                    .println(
                            String.format(
                                    Locale.ROOT,
                                    "[epoch %03d] average test loss: %.4f",
                                    epoch,
                                    loss));
        }
        return 0;
    }
}
