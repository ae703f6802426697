package org.ppl4j.vae.output;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ppl4j.core.PplException;

/**
 * One writer per run directory: an OS file lock on {@code .ppl-vae.lock} in it, held while a run
 * trains. The file holds the holder's PID, so a second process can say who has it. The OS drops the
 * lock when its holder dies however it dies, so a lock file whose PID is left behind (a killed run)
 * is simply taken over, with a note; a clean end empties it.
 *
 * <pre>{@code
 * try (RunLock lock = RunLock.acquire(out, terminal.err())) {
 *     ... train into out ...
 * }
 * }</pre>
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name in the run directory. */
    public static final String NAME = ".ppl-vae.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (which exists) for this process, or fails naming the holder's
     * PID and the directory; a lock a dead process left is taken over with a note on {@code notes}.
     */
    public static RunLock acquire(Path dir, PrintStream notes) {
        Path file = dir.resolve(NAME);
        FileChannel ch = null;
        try {
            ch =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM: another run in this process
            }
            String holder = read(ch);
            if (lock == null) {
                throw new PplException(
                        "--out "
                                + dir
                                + " is in use by another training run (PID "
                                + (holder.isEmpty() ? "unknown" : holder)
                                + ", lock file "
                                + file
                                + "); wait for it to end or stop it, or choose another --out");
            }
            if (!holder.isEmpty()) {
                notes.println(
                        "note: took over the lock of --out "
                                + dir
                                + " left by PID "
                                + holder
                                + ", which ended without releasing it");
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(pid), 0);
            ch.force(false);
            RunLock r = new RunLock(ch, lock);
            ch = null;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock --out " + dir + " (" + file + "): " + e, e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // The failure being reported matters more.
                }
            }
        }
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        int n = ch.read(b, 0);
        return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).trim();
    }

    /** Empties the lock file and releases the lock. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of a run directory: " + e, e);
        }
    }
}
