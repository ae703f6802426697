package org.ppl4j.vae.mnist;

import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;

/**
 * Hears how a download advances.
 *
 * <pre>{@code
 * var downloader = MnistDownloader.standard(DownloadProgress.printingTo(System.err, true));
 * }</pre>
 */
public interface DownloadProgress {
    /** Ignores everything. */
    DownloadProgress NONE = new DownloadProgress() {};

    /** A download of {@code file} from {@code source} begins. */
    default void started(String file, URI source) {}

    /** {@code received} of {@code total} bytes ({@code -1} when unknown) have arrived. */
    default void advanced(String file, long received, long total) {}

    /** The file arrived and its checksum matched. */
    default void finished(String file) {}

    /** The attempt from {@code source} failed; the next mirror is tried. */
    default void failed(String file, URI source, String reason) {}

    /**
     * Progress as lines on {@code out}: on a terminal one line per file redrawn in place with
     * {@code \r}, otherwise a line at the start, every 25%, and the end.
     */
    static DownloadProgress printingTo(PrintStream out, boolean terminal) {
        return new DownloadProgress() {
            private int shown = -1;

            @Override
            public void started(String file, URI source) {
                shown = -1;
                out.println("downloading " + file + " from " + source);
            }

            @Override
            public void advanced(String file, long received, long total) {
                int percent = total > 0 ? (int) (100 * received / total) : -1;
                int step = terminal ? 1 : 25;
                if (percent >= 0 && percent / step == shown / step) {
                    return;
                }
                shown = percent;
                String line =
                        String.format(
                                Locale.ROOT,
                                "  %s: %s%.1f MB",
                                file,
                                percent >= 0 ? percent + "%, " : "",
                                received / 1e6);
                if (terminal) {
                    out.print("\r" + line);
                } else if (percent >= 0) {
                    out.println(line);
                }
            }

            @Override
            public void finished(String file) {
                out.println((terminal ? "\r" : "") + "  " + file + ": done, checksum verified");
            }

            @Override
            public void failed(String file, URI source, String reason) {
                out.println(
                        (terminal ? "\r" : "") + "  " + file + " from " + source + ": " + reason);
            }
        };
    }
}
