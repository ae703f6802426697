package org.ppl4j.vae.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ppl4j.core.PplException;

/**
 * The average losses of each epoch of a run, as written to {@code elbo.csv} ({@code
 * epoch,train_loss,test_loss}; the test loss is empty in epochs without a test).
 *
 * <pre>{@code
 * history = history.with(new ElboHistory.Row(epoch, trainLoss, Double.NaN));
 * history.write(out.resolve("elbo.csv"));
 * }</pre>
 */
public final class ElboHistory {
    /** The CSV header line. */
    public static final String HEADER = "epoch,train_loss,test_loss";

    /**
     * One epoch's losses.
     *
     * @param epoch the epoch, from 0
     * @param trainLoss the average training loss
     * @param testLoss the average test loss, NaN when the test set was not evaluated
     */
    public record Row(int epoch, double trainLoss, double testLoss) {
        /** Whether this epoch evaluated the test set. */
        public boolean tested() {
            return !Double.isNaN(testLoss);
        }
    }

    private final List<Row> rows;

    private ElboHistory(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** No epochs yet. */
    public static ElboHistory empty() {
        return new ElboHistory(List.of());
    }

    /** The rows, in epoch order. */
    public List<Row> rows() {
        return rows;
    }

    /** This history with {@code row} appended (it must come after the last one). */
    public ElboHistory with(Row row) {
        if (!rows.isEmpty() && row.epoch() <= rows.get(rows.size() - 1).epoch()) {
            throw new PplException(
                    "ElboHistory: epoch "
                            + row.epoch()
                            + " does not follow "
                            + rows.get(rows.size() - 1).epoch());
        }
        List<Row> r = new ArrayList<>(rows);
        r.add(row);
        return new ElboHistory(r);
    }

    /** The rows up to and including {@code epoch}. */
    public ElboHistory upTo(int epoch) {
        return new ElboHistory(rows.stream().filter(r -> r.epoch() <= epoch).toList());
    }

    /** The last epoch recorded, or -1. */
    public int lastEpoch() {
        return rows.isEmpty() ? -1 : rows.get(rows.size() - 1).epoch();
    }

    /** The CSV text. */
    public String toCsv() {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            s.append(r.epoch()).append(',').append(r.trainLoss()).append(',');
            if (r.tested()) {
                s.append(r.testLoss());
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Writes the CSV to {@code file} atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, toCsv());
    }

    /** Reads a CSV written by {@link #write}; fails naming the file and line when it is not one. */
    public static ElboHistory read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses the text of {@link #toCsv}; fails naming {@code source} and the line when it is not
     * one.
     */
    public static ElboHistory parse(String text, String source) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new PplException(
                    source
                            + ": not an ELBO history (the first line is not "
                            + HEADER
                            + "); move it away or choose another --out");
        }
        ElboHistory h = empty();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                h =
                        h.with(
                                new Row(
                                        Integer.parseInt(f[0]),
                                        Double.parseDouble(f[1]),
                                        f.length > 2 && !f[2].isEmpty()
                                                ? Double.parseDouble(f[2])
                                                : Double.NaN));
            } catch (RuntimeException e) {
                throw new PplException(
                        source
                                + " line "
                                + (i + 1)
                                + ": cannot read '"
                                + line
                                + "' as epoch,train_loss,test_loss",
                        e);
            }
        }
        return h;
    }
}
