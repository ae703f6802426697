package org.ppl4j.vae.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The VAE app ({@code org.ppl4j.vae.VaeApp}) as a child process on the test class path, its output
 * collected as it comes so that a test can act on a line.
 */
final class AppProcess {
    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread[] pumps;

    private AppProcess(Process process) {
        this.process = process;
        this.pumps =
                new Thread[] {
                    pump(process.getInputStream(), out), pump(process.getErrorStream(), err)
                };
    }

    /** Starts the app with {@code args}. */
    static AppProcess start(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx1g");
        // Short runs: C1 only and one GC thread start faster and leave the cores to the training.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        for (String p : new String[] {"org.bytedeco.javacpp.cachedir", "ppl.backend"}) {
            String v = System.getProperty(p);
            if (v != null && !v.isBlank()) {
                cmd.add("-D" + p + "=" + v);
            }
        }
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add("org.ppl4j.vae.VaeApp");
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().put("OMP_NUM_THREADS", "1");
        try {
            return new AppProcess(b.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Surefire puts the test class path here (java.class.path may be a manifest-only jar). */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static Thread pump(InputStream in, StringBuffer into) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8))) {
                                for (String line; (line = r.readLine()) != null; ) {
                                    into.append(line).append('\n');
                                }
                            } catch (IOException e) {
                                into.append("(output lost: ").append(e).append(")\n");
                            }
                        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /**
     * SIGKILL. Through the process handle: {@code Process.destroyForcibly} would also close the
     * output streams the pumps read.
     */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    /** SIGTERM, through the handle so that the output keeps coming. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the exit (a test bound far above any run, not an assertion); the exit code. */
    int waitFor() {
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the app did not end; stderr:\n" + err());
            }
            for (Thread t : pumps) {
                t.join();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether any file in {@code dir} has a name matching {@code regex}. */
    static boolean hasFile(Path dir, String regex) {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().matches(regex));
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
