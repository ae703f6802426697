package org.ppl4j.vae.cli;

import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.Mnist;
import org.ppl4j.vae.mnist.MnistSplit;
import org.ppl4j.vae.model.SviVaeSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: training steps per second of the tutorial VAE on real MNIST, eager and compiled,
 * per backend, beside the backend's own sgemm rate measured in the same run, so that it prints how
 * close a step comes to its matrix-product roofline.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Times SVI training steps of the VAE on MNIST for each backend and mode "
                        + "(eager, jit): --warmup steps, then --repeats timed runs of --steps steps "
                        + "each; prints the median and range of steps/s, the backend's sgemm "
                        + "GFLOP/s measured in the same run, the step's matrix-product FLOPs, and "
                        + "the fraction of the roofline (steps/s over sgemm rate / FLOPs). --json "
                        + "writes the same as JSON; the table is Markdown, for BENCHMARKS.md.")
final class BenchCommand implements Callable<Integer> {
    private final AppEnvironment app;

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Mixin DataOptions data;

    @Option(
            names = "--backends",
            paramLabel = "A,B",
            split = ",",
            description = "Backends to time (default: every one on the class path).")
    List<String> backends;

    @Option(
            names = "--modes",
            paramLabel = "M,N",
            split = ",",
            defaultValue = "eager,jit",
            description =
                    "Modes: eager, jit, replay (jit replayed op by op; default:"
                            + " ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(
            names = "--steps",
            paramLabel = "N",
            defaultValue = "100",
            description = "Steps per timed run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "30",
            description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            defaultValue = "5",
            description = "Timed runs per backend and mode (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results here.")
    Path json;

    BenchCommand(AppEnvironment app) {
        this.app = app;
    }

    /** One backend and mode: its steps/s per timed run. */
    record Row(
            String backend,
            String mode,
            int threads,
            double[] stepsPerSecond,
            double cpuMsPerStep,
            double sgemmGflops,
            double stepGflop) {
        double median() {
            double[] s = stepsPerSecond.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        }

        double min() {
            return Arrays.stream(stepsPerSecond).min().orElse(Double.NaN);
        }

        double max() {
            return Arrays.stream(stepsPerSecond).max().orElse(Double.NaN);
        }

        /** Measured steps/s over the steps/s the sgemm rate alone would allow. */
        double roofline() {
            return median() / (sgemmGflops / stepGflop);
        }
    }

    @Override
    public Integer call() {
        OptionChecks c = new OptionChecks();
        model.check(c);
        data.check(c, app);
        c.atLeast("--steps", steps, 1);
        c.atLeast("--warmup", warmup, 0);
        c.atLeast("--repeats", repeats, 1);
        for (String m : modes) {
            if (!List.of("eager", "jit", "replay").contains(m)) {
                c.add("--modes: '" + m + "' is not a mode; use eager, jit, replay");
            }
        }
        List<String> names = backends != null ? backends : Backends.availableNames();
        for (String b : names) {
            c.backend(b);
        }
        c.throwIfAny(spec.commandLine());

        List<Row> rows = new ArrayList<>();
        PrintStream err = app.terminal().err();
        for (String b : names) {
            for (String mode : modes) {
                VaeSettings m = model.settings(1e-3);
                VaeSettings s =
                        new VaeSettings(
                                        b,
                                        m.zDim(),
                                        m.hidden(),
                                        m.learningRate(),
                                        m.seed(),
                                        m.batchSize(),
                                        m.threads())
                                .withJit(!mode.equals("eager"));
                err.println("timing " + b + " " + mode + " ...");
                System.setProperty(
                        SviVaeSession.REPLAY_PROPERTY, Boolean.toString(mode.equals("replay")));
                try {
                    rows.add(time(s, mode));
                } finally {
                    System.clearProperty(SviVaeSession.REPLAY_PROPERTY);
                }
            }
        }
        PrintStream out = app.terminal().out();
        out.println(table(rows));
        if (json != null) {
            try {
                Files.writeString(json, json(rows), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new PplException("--json " + json + ": cannot write (" + e + ")", e);
            }
        }
        return 0;
    }

    private Row time(VaeSettings s, String mode) {
        Injector injector = app.injector(s, data.dataDir, null);
        MnistSplit train = injector.getInstance(Mnist.class).train();
        Backend backend = injector.getInstance(Backend.class);
        int b = s.batchSize();
        int batches = Math.max(1, train.size() / b);
        double[] rates = new double[repeats];
        double cpu = 0;
        try (VaeSession session = injector.getInstance(VaeSession.class)) {
            if (!mode.equals("eager") && session instanceof SviVaeSession sv && !sv.isCompiled()) {
                throw new PplException("bench: the jit mode did not compile on " + s.backend());
            }
            int k = 0;
            for (int i = 0; i < warmup; i++, k++) {
                session.trainStep(train.images((k % batches) * b, (k % batches + 1) * b), b);
            }
            for (int r = 0; r < repeats; r++) {
                float[][] batch = new float[steps][];
                for (int i = 0; i < steps; i++, k++) {
                    batch[i] = train.images((k % batches) * b, (k % batches + 1) * b);
                }
                long cpu0 = processCpuNanos();
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    session.trainStep(batch[i], b);
                }
                rates[r] = steps / ((System.nanoTime() - start) / 1e9);
                cpu += (processCpuNanos() - cpu0) / 1e6 / steps / repeats;
            }
        }
        return new Row(
                s.backend(), mode, backend.threads(), rates, cpu, sgemm(backend, s), stepGflop(s));
    }

    /** The CPU time of this process, all threads (native ones included), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The matrix-product FLOPs of one step: forward {@code 2B(784H + 2HZ + ZH + 784H)}, backward
     * twice that less the data gradient of the first layer, which is not computed.
     */
    static double stepGflop(VaeSettings s) {
        double b = s.batchSize();
        double h = s.hidden();
        double z = s.zDim();
        double forward = 2 * b * (784 * h + 2 * h * z + z * h + h * 784);
        return (3 * forward - 2 * b * 784 * h) / 1e9;
    }

    /** The backend's rate on the step's largest product, {@code [B, 784] x [H, 784]^T}. */
    private static double sgemm(Backend backend, VaeSettings s) {
        int b = s.batchSize();
        int h = s.hidden();
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor x = Tensor.full(Shape.of(b, 784), 0.5, DType.F32);
            Tensor w = Tensor.full(Shape.of(h, 784), 0.25, DType.F32);
            int reps = 30;
            for (int i = 0; i < 5; i++) {
                try (TensorScope t = new TensorScope()) {
                    x.matmul(w, false, true).sum().item();
                }
            }
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                try (TensorScope t = new TensorScope()) {
                    x.matmul(w, false, true).sum().item();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return reps * 2.0 * b * 784 * h / seconds / 1e9;
        }
    }

    static String table(List<Row> rows) {
        StringBuilder t = new StringBuilder();
        t.append("| backend | mode | threads | steps/s median | range | CPU ms/step |")
                .append(" sgemm GFLOP/s | step GFLOP | roofline |\n");
        t.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            t.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %d | %.1f | %.1f-%.1f | %.1f | %.1f | %.3f | %.2f |%n",
                            r.backend(),
                            r.mode(),
                            r.threads(),
                            r.median(),
                            r.min(),
                            r.max(),
                            r.cpuMsPerStep(),
                            r.sgemmGflops(),
                            r.stepGflop(),
                            r.roofline()));
        }
        return t.toString();
    }

    static String json(List<Row> rows) {
        StringBuilder j = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            j.append(
                    String.format(
                            Locale.ROOT,
                            "  {\"backend\": \"%s\", \"mode\": \"%s\", \"threads\": %d,"
                                    + " \"steps_per_s\": %s, \"median\": %.3f, \"cpu_ms_per_step\":"
                                    + " %.3f, \"sgemm_gflops\":"
                                    + " %.3f, \"step_gflop\": %.4f, \"roofline\": %.4f}%s%n",
                            r.backend(),
                            r.mode(),
                            r.threads(),
                            Arrays.toString(r.stepsPerSecond()),
                            r.median(),
                            r.cpuMsPerStep(),
                            r.sgemmGflops(),
                            r.stepGflop(),
                            r.roofline(),
                            i + 1 < rows.size() ? "," : ""));
        }
        return j.append("]\n").toString();
    }
}
