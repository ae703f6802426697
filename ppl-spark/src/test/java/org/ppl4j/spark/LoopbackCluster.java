package org.ppl4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and workers, each its own JVM started from this
 * JVM's class path, as the README's cluster recipe starts them. The workers launch executors
 * through Spark's launcher, which wants a {@code SPARK_HOME} with a {@code jars/} directory: an
 * empty one here, with the class path in {@code SPARK_DIST_CLASSPATH}. Every process it started is
 * killed on {@link #close} (and by a shutdown hook, should the test JVM end first).
 */
final class LoopbackCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::kill, "loopback-cluster-kill");
    private final Path dir;
    private final String classPath;
    private String master;

    private LoopbackCluster(Path dir) {
        this.dir = dir;
        String cp = System.getProperty("surefire.test.class.path");
        this.classPath = cp != null ? cp : System.getProperty("java.class.path");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A master and {@code workers} workers of one core and 1 GiB each, registered. */
    static LoopbackCluster start(Path dir, int workers, Duration timeout) {
        LoopbackCluster c = new LoopbackCluster(dir);
        try {
            c.startAll(workers, timeout);
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private void startAll(int workers, Duration timeout) {
        try {
            Path home = Files.createDirectories(dir.resolve("spark-home"));
            Files.createDirectories(home.resolve("jars"));
            int port = freePort();
            int ui = freePort();
            master = "spark://" + HOST + ":" + port;
            launch(
                    "master",
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    HOST,
                    "--port",
                    Integer.toString(port),
                    "--webui-port",
                    Integer.toString(ui));
            for (int w = 0; w < workers; w++) {
                Path work = Files.createDirectories(dir.resolve("work-" + w));
                launch(
                        "worker-" + w,
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        HOST,
                        "--port",
                        Integer.toString(freePort()),
                        "--webui-port",
                        Integer.toString(freePort()),
                        "--cores",
                        "1",
                        "--memory",
                        "1024m",
                        "--work-dir",
                        work.toString(),
                        master);
            }
            awaitWorkers(ui, workers, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_DIST_CLASSPATH", classPath);
        env.put("SPARK_LOG_DIR", dir.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        processes.add(pb.start());
    }

    private void awaitWorkers(int ui, int workers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            "a cluster JVM exited with " + p.exitValue() + "; see " + dir);
                }
            }
            seen = state(ui);
            if (seen.contains("\"aliveworkers\" : " + workers)
                    || seen.contains("\"aliveworkers\":" + workers)) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(
                workers + " workers did not register within " + timeout + "; master said " + seen);
    }

    private static String state(int ui) {
        try {
            HttpURLConnection c =
                    (HttpURLConnection)
                            URI.create("http://" + HOST + ":" + ui + "/json/")
                                    .toURL()
                                    .openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(1000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The master's URL, {@code spark://127.0.0.1:PORT}. */
    String master() {
        return master;
    }

    /** The class path the cluster's JVMs run on (for {@code spark.executor.extraClassPath}). */
    String classPath() {
        return classPath;
    }

    /** The executor JVMs the workers started, alive now. */
    List<ProcessHandle> executors() {
        List<ProcessHandle> found = new ArrayList<>();
        for (Process p : processes) {
            p.descendants()
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> commandLine(h).contains("CoarseGrainedExecutorBackend"))
                    .forEach(found::add);
        }
        return found;
    }

    /**
     * A process's full command line: {@code ProcessHandle.Info} cuts it at 4096 characters here,
     * before the main class of a JVM with a long class path, so Linux's {@code /proc} is read.
     */
    private static String commandLine(ProcessHandle h) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return h.info().commandLine().orElse("");
        }
    }

    /** Waits until {@code n} executors run, or fails after {@code timeout}. */
    void awaitExecutors(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (executors().size() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        n + " executors did not start within " + timeout + "; see " + dir);
            }
            sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Kills every JVM it started, executors included, and waits for them to end. */
    private void kill() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }
}
