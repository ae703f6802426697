package org.ppl4j.vae.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ppl4j.core.PplException;
import org.ppl4j.vae.output.AtomicFiles;

/**
 * Fetches the MNIST files a cache directory lacks, from several mirrors tried in order.
 *
 * <p>Each file is streamed into a temporary file beside its destination while its SHA-256 is
 * computed; only a file whose checksum matches is moved into place, atomically, so the cache never
 * holds a partial or wrong file. A file already in the cache is checked the same way.
 *
 * <pre>{@code
 * MnistDownloader.standard(DownloadProgress.NONE).fetchMissing(cacheDir);
 * }</pre>
 */
public final class MnistDownloader {
    /**
     * The public mirrors of the original files, in the order tried: the one torchvision uses first,
     * TensorFlow's, then the original site (which often refuses automated downloads).
     */
    public static final List<URI> MIRRORS =
            List.of(
                    URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
                    URI.create("http://yann.lecun.com/exdb/mnist/"));

    private static final int BUFFER = 1 << 16;

    private final List<URI> mirrors;
    private final Map<MnistFile, String> checksums;
    private final HttpClient http;
    private final DownloadProgress progress;

    /**
     * A downloader from {@code mirrors} (each a directory URI ending in {@code /}) that accepts a
     * file only when its SHA-256 equals {@code checksums}' entry (lower-case hex).
     */
    public MnistDownloader(
            List<URI> mirrors, Map<MnistFile, String> checksums, DownloadProgress progress) {
        if (mirrors.isEmpty()) {
            throw new PplException("MnistDownloader: give at least one mirror");
        }
        this.mirrors = List.copyOf(mirrors);
        this.checksums = Map.copyOf(checksums);
        this.progress = progress;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(30))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build();
    }

    /** A downloader from {@link #MIRRORS} checking the original files' checksums. */
    public static MnistDownloader standard(DownloadProgress progress) {
        return new MnistDownloader(MIRRORS, standardChecksums(), progress);
    }

    /** The SHA-256 of each original {@code .gz} file. */
    public static Map<MnistFile, String> standardChecksums() {
        Map<MnistFile, String> m = new EnumMap<>(MnistFile.class);
        for (MnistFile f : MnistFile.values()) {
            m.put(f, f.sha256());
        }
        return m;
    }

    /**
     * Makes {@code dir} hold the four {@code .gz} files with the right checksums: creates it,
     * checks the files there, downloads the missing ones.
     *
     * @throws PplException naming the file when one in {@code dir} has a wrong checksum, or when no
     *     mirror delivered it (with each mirror's failure)
     */
    public void fetchMissing(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PplException(
                    "cannot create the MNIST cache directory "
                            + dir
                            + " ("
                            + e
                            + "); set PPL_MNIST_DIR or --data-dir to a directory holding MNIST",
                    e);
        }
        for (MnistFile f : MnistFile.values()) {
            Path target = dir.resolve(f.gzName());
            if (Files.isRegularFile(target)) {
                String actual = sha256(target);
                if (!actual.equals(checksums.get(f))) {
                    throw new PplException(
                            "MNIST file "
                                    + target
                                    + ": checksum mismatch (SHA-256 "
                                    + actual
                                    + ", expected "
                                    + checksums.get(f)
                                    + "); delete it and run again to download a fresh copy");
                }
            } else {
                download(f, target);
            }
        }
    }

    private void download(MnistFile f, Path target) {
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI source = mirror.resolve(f.gzName());
            progress.started(f.gzName(), source);
            String failure = tryDownload(f, source, target);
            if (failure == null) {
                progress.finished(f.gzName());
                return;
            }
            progress.failed(f.gzName(), source, failure);
            failures.add(source + ": " + failure);
        }
        throw new PplException(
                "could not download MNIST file "
                        + f.gzName()
                        + " into "
                        + target.getParent()
                        + ":\n  "
                        + String.join("\n  ", failures)
                        + "\nput the four MNIST .gz files into that directory by hand, or point"
                        + " --data-dir or PPL_MNIST_DIR at a directory that holds them");
    }

    /** Downloads {@code source} into {@code target}; null on success, else why it failed. */
    private String tryDownload(MnistFile f, URI source, Path target) {
        try {
            AtomicFiles.write(target, tmp -> fetch(f, source, tmp));
            return null;
        } catch (UncheckedIOException e) {
            IOException cause = e.getCause();
            if (cause instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                throw new PplException("download of " + source + " interrupted", cause);
            }
            return cause instanceof Failed ? cause.getMessage() : cause.toString();
        }
    }

    /** Streams {@code source} into {@code tmp}; fails unless it arrives whole with its checksum. */
    private void fetch(MnistFile f, URI source, Path tmp) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response =
                    http.send(
                            HttpRequest.newBuilder(source).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(e.toString());
        }
        String actual;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new Failed("HTTP " + response.statusCode());
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            actual = copy(f, body, tmp, total);
        }
        if (!actual.equals(checksums.get(f))) {
            throw new Failed(
                    "checksum mismatch (SHA-256 "
                            + actual
                            + ", expected "
                            + checksums.get(f)
                            + ")");
        }
    }

    /** A download that arrived but is unusable; its message is the whole reason. */
    private static final class Failed extends IOException {
        Failed(String reason) {
            super(reason);
        }
    }

    private String copy(MnistFile f, InputStream body, Path tmp, long total) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(body, digest);
                OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[BUFFER];
            long received = 0;
            for (int r; (r = in.read(buf)) >= 0; ) {
                out.write(buf, 0, r);
                received += r;
                progress.advanced(f.gzName(), received, total);
            }
            if (total >= 0 && received != total) {
                throw new IOException(
                        "connection closed after " + received + " of " + total + " bytes");
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of {@code file}, lower-case hex. */
    public static String sha256(Path file) {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new PplException("cannot read " + file + " to check its checksum: " + e, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
