package org.ppl4j.vae.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ppl4j.core.PplException;
import org.ppl4j.vae.SyntheticMnist;

/** The download logic against a local HTTP server on 127.0.0.1 (the only network used). */
class MnistDownloaderTest {
    @TempDir Path tmp;

    private HttpServer server;
    private final Map<MnistFile, byte[]> good = new EnumMap<>(MnistFile.class);
    private final Map<MnistFile, String> checksums = new EnumMap<>(MnistFile.class);
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private Path cache;

    @BeforeEach
    void serve() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        SyntheticMnist.write(src, 20, 10, true);
        for (MnistFile f : MnistFile.values()) {
            Path p = src.resolve(f.gzName());
            good.put(f, Files.readAllBytes(p));
            checksums.put(f, MnistDownloader.sha256(p));
        }
        cache = tmp.resolve("cache/ppl4j/mnist");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                ex -> {
                    String path = ex.getRequestURI().getPath();
                    requests.add(path);
                    String name = path.substring(path.lastIndexOf('/') + 1);
                    MnistFile f =
                            Stream.of(MnistFile.values())
                                    .filter(m -> m.gzName().equals(name))
                                    .findFirst()
                                    .orElse(null);
                    byte[] body = null;
                    if (f != null && path.startsWith("/good/")) {
                        body = good.get(f);
                    } else if (f != null && path.startsWith("/corrupt/")) {
                        body = good.get(f).clone();
                        body[body.length / 2] ^= 1;
                    }
                    if (body == null) {
                        ex.sendResponseHeaders(404, -1);
                    } else {
                        ex.sendResponseHeaders(200, body.length);
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(body);
                        }
                    }
                    ex.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    /** Records what the downloader reports. */
    private static final class Recorder implements DownloadProgress {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        long lastReceived;
        long lastTotal;

        @Override
        public void started(String file, URI source) {
            events.add("started " + file + " " + source.getPath());
        }

        @Override
        public void advanced(String file, long received, long total) {
            lastReceived = received;
            lastTotal = total;
        }

        @Override
        public void finished(String file) {
            events.add("finished " + file);
        }

        @Override
        public void failed(String file, URI source, String reason) {
            events.add("failed " + file + " " + source.getPath() + ": " + reason);
        }
    }

    private List<String> cacheFiles() throws IOException {
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsTheMissingFilesWithProgressAndThenReadsThem() throws IOException {
        Recorder progress = new Recorder();
        new MnistDownloader(List.of(mirror("good")), checksums, progress).fetchMissing(cache);
        assertThat(cacheFiles())
                .containsExactly(
                        "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz",
                        "train-images-idx3-ubyte.gz",
                        "train-labels-idx1-ubyte.gz");
        assertThat(progress.events)
                .contains(
                        "started train-images-idx3-ubyte.gz /good/train-images-idx3-ubyte.gz",
                        "finished train-images-idx3-ubyte.gz");
        assertThat(progress.lastTotal).isEqualTo(good.get(MnistFile.TEST_LABELS).length);
        assertThat(progress.lastReceived).isEqualTo(progress.lastTotal);
        Mnist m =
                Mnist.load(
                        new MnistLocation(cache, MnistLocation.Origin.CACHE),
                        new MnistDownloader(
                                List.of(mirror("good")), checksums, DownloadProgress.NONE));
        assertThat(m.train().size()).isEqualTo(20);
        assertThat(requests).hasSize(4); // the second load found everything in the cache
    }

    @Test
    void checksumMismatchLeavesNoFileInTheCache() throws IOException {
        Recorder progress = new Recorder();
        MnistDownloader d = new MnistDownloader(List.of(mirror("corrupt")), checksums, progress);
        assertThatThrownBy(() -> d.fetchMissing(cache))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("could not download MNIST file train-images-idx3-ubyte.gz")
                .hasMessageContaining("/corrupt/train-images-idx3-ubyte.gz: checksum mismatch")
                .hasMessageContaining("expected " + checksums.get(MnistFile.TRAIN_IMAGES));
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void fallsBackToTheNextMirror() throws IOException {
        Recorder progress = new Recorder();
        new MnistDownloader(
                        List.of(mirror("missing"), mirror("corrupt"), mirror("good")),
                        checksums,
                        progress)
                .fetchMissing(cache);
        assertThat(cacheFiles()).hasSize(4);
        assertThat(progress.events)
                .containsSubsequence(
                        "failed train-labels-idx1-ubyte.gz /missing/train-labels-idx1-ubyte.gz:"
                                + " HTTP 404",
                        "started train-labels-idx1-ubyte.gz /corrupt/train-labels-idx1-ubyte.gz",
                        "started train-labels-idx1-ubyte.gz /good/train-labels-idx1-ubyte.gz",
                        "finished train-labels-idx1-ubyte.gz");
        assertThat(progress.events.stream().filter(e -> e.startsWith("failed")).toList())
                .allMatch(e -> e.contains("HTTP 404") || e.contains("checksum mismatch"));
    }

    @Test
    void aCachedFileWithAWrongChecksumIsReportedNotUsed() throws IOException {
        Files.createDirectories(cache);
        Path bad = cache.resolve("train-labels-idx1-ubyte.gz");
        Files.write(bad, new byte[] {1, 2, 3});
        MnistDownloader d =
                new MnistDownloader(List.of(mirror("good")), checksums, DownloadProgress.NONE);
        assertThatThrownBy(() -> d.fetchMissing(cache))
                .hasMessageContaining(bad.toString())
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("delete it");
    }

    @Test
    void unreachableMirrorsAreAllReported() {
        MnistDownloader d =
                new MnistDownloader(
                        List.of(mirror("missing"), URI.create("http://127.0.0.1:1/x/")),
                        checksums,
                        DownloadProgress.NONE);
        assertThatThrownBy(() -> d.fetchMissing(cache))
                .hasMessageContaining("/missing/train-images-idx3-ubyte.gz: HTTP 404")
                .hasMessageContaining("http://127.0.0.1:1/x/train-images-idx3-ubyte.gz: ")
                .hasMessageContaining("PPL_MNIST_DIR");
    }

    @Test
    void printedProgressNamesFileAndPercent() {
        var bytes = new java.io.ByteArrayOutputStream();
        var out = new java.io.PrintStream(bytes, true);
        DownloadProgress p = DownloadProgress.printingTo(out, false);
        p.started("a.gz", URI.create("http://127.0.0.1/a.gz"));
        for (long r = 0; r <= 1000; r += 100) {
            p.advanced("a.gz", r, 1000);
        }
        p.finished("a.gz");
        assertThat(bytes.toString())
                .contains("downloading a.gz from http://127.0.0.1/a.gz")
                .contains("a.gz: 50%")
                .contains("a.gz: 100%")
                .contains("done, checksum verified")
                .doesNotContain("\r");
    }
}
