package org.ppl4j.random;

import java.nio.charset.StandardCharsets;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.internal.random.Philox;

/**
 * What keyed draws are keyed by in one step: the random stream's seed, the step's number and the
 * global example id of each row of the data plate, so that an example's noise does not depend on
 * where in a minibatch, or in which shard of it, the example lands.
 *
 * <p>Under {@link org.ppl4j.handlers.Handlers#keyedNoise}, a latent sample site inside the plate
 * named {@link #plate} draws row {@code i} of its noise from a stream of its own: Philox keyed by
 * (seed, site name, the draw's number within the site) with the block counter starting at (example
 * id {@code rows[i]}, step). The VAE's {@code latent} site for rows {@code {7, 3}} draws the same
 * 50 normals for example 3 as it does for rows {@code {3}} or {@code {9, 3, 12}} in that step. A
 * minibatch split into shards, each computing its part of the ELBO under the keys of its own rows,
 * therefore draws exactly the noise of the whole minibatch, however it is split, and a retried
 * shard draws it again.
 *
 * <p>When the rows are a {@link #shard} of the step's minibatch, every sample site must lie in the
 * data plate (a site outside it would be counted once per shard); otherwise a latent site outside
 * the plate draws from one stream keyed by (seed, step, site).
 *
 * <pre>{@code
 * var keys = new RowKeys("data", 0, step, new int[] {41, 7, 1900}, false);
 * try (var keyed = Handlers.keyedNoise(keys)) {
 *     svi.step(x);   // x: the rows of examples 41, 7 and 1900
 * }
 * }</pre>
 *
 * @param plate the name of the data plate
 * @param seed the seed the streams are keyed by (the run's seed)
 * @param step the step's number (e.g. the optimizer steps taken before it)
 * @param rows the example id of each row of the plate, in the plate's order (copied)
 * @param shard whether the rows are only part of the step's minibatch
 */
public record RowKeys(String plate, long seed, long step, int[] rows, boolean shard) {
    /** The key word that separates keyed streams from the context's stream of the same seed. */
    private static final int TAG = 0x6b657965;

    private static final ThreadLocal<RowKeys> CURRENT = new ThreadLocal<>();

    /** The row id of the one stream of a site outside the data plate. */
    private static final int NO_ROW = -1;

    /** Checks and copies the rows. */
    public RowKeys {
        PplException.nonNull(plate, "plate", "RowKeys");
        PplException.nonNull(rows, "rows", "RowKeys");
        if (rows.length == 0) {
            throw new PplException(
                    "RowKeys: plate '" + plate + "' needs at least one row; skip empty shards");
        }
        for (int r : rows) {
            if (r < 0) {
                throw new PplException(
                        "RowKeys: plate '"
                                + plate
                                + "' was given example id "
                                + r
                                + "; ids are the examples' positions in the data set, >= 0");
            }
        }
        rows = rows.clone();
    }

    /** The example ids (a copy). */
    @Override
    public int[] rows() {
        return rows.clone();
    }

    /** The number of rows. */
    public int size() {
        return rows.length;
    }

    /**
     * The stream of draw number {@code draw} of site {@code site} for example {@code row} (-1: the
     * site's one stream outside the plate).
     */
    public Rng stream(String site, int draw, int row) {
        return stream(key(site, draw), row);
    }

    private Rng stream(long key, int row) {
        // Counter words: 0 counts the row's blocks, 1 holds the row, 2 and 3 the step.
        return Rng.at(key, (long) row << 32, step);
    }

    /** The Philox key of draw {@code draw} of site {@code site}: the seed's, mixed. */
    private long key(String site, int draw) {
        byte[] name = site.getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits
        for (byte b : name) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        int[] k =
                Philox.block(
                        new int[] {(int) h, (int) (h >>> 32), draw, TAG},
                        new int[] {(int) seed, (int) (seed >>> 32)});
        return (k[0] & 0xFFFFFFFFL) | ((long) k[1] << 32);
    }

    /**
     * The values of one keyed draw of {@code shape}: along axis {@code axis} (of size {@link
     * #size()}) row {@code i} gets the next values of its own stream, in row-major order of the
     * other axes; {@code axis} -1 fills the whole shape from the site's one stream. Normals as
     * {@link Rng#normals}, uniforms as {@link Rng#uniformFloats} (float32) or {@link Rng#uniforms}.
     */
    Object draw(String site, int draw, Shape shape, int axis, boolean normal, DType dtype) {
        int n = shape.size();
        long key = key(site, draw);
        if (axis < 0) {
            return values(stream(key, NO_ROW), n, normal, dtype);
        }
        if (axis >= shape.rank() || shape.dim(axis) != rows.length) {
            throw new PplException(
                    "site '"
                            + site
                            + "' draws noise of shape "
                            + shape
                            + " but plate '"
                            + plate
                            + "' has "
                            + rows.length
                            + " keyed rows at axis "
                            + axis
                            + "; keyed draws need the plate's rows along one axis of each draw"
                            + " (a sampler that draws a tensor of the value's shape)");
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.rank(); d++) {
            inner *= shape.dim(d);
        }
        int outer = n / (inner * rows.length);
        int perRow = outer * inner;
        boolean floats = !normal && dtype == DType.F32;
        float[] f = floats ? new float[n] : null;
        double[] d = floats ? null : new double[n];
        for (int r = 0; r < rows.length; r++) {
            Object v = values(stream(key, rows[r]), perRow, normal, dtype);
            for (int o = 0; o < outer; o++) {
                int to = (o * rows.length + r) * inner;
                if (floats) {
                    System.arraycopy((float[]) v, o * inner, f, to, inner);
                } else {
                    System.arraycopy((double[]) v, o * inner, d, to, inner);
                }
            }
        }
        return floats ? f : d;
    }

    private static Object values(Rng r, int n, boolean normal, DType dtype) {
        if (normal) {
            return r.normals(n);
        }
        return dtype == DType.F32 ? r.uniformFloats(n) : r.uniforms(n);
    }

    /**
     * The axis of a draw of {@code shape} that holds the rows: index {@code rowDim} of {@code
     * batch}, where {@code shape} ends with {@code batch + event} or else with {@code batch}; -1
     * for a site outside the plate ({@code rowDim} -1).
     */
    static int rowAxis(String site, Shape shape, Shape batch, Shape event, int rowDim) {
        if (rowDim < 0) {
            return -1;
        }
        int r = shape.rank();
        Shape value = batch.concat(event);
        if (r >= value.rank() && shape.sub(r - value.rank(), r).equals(value)) {
            return r - value.rank() + rowDim;
        }
        if (r >= batch.rank() && shape.sub(r - batch.rank(), r).equals(batch)) {
            return r - batch.rank() + rowDim;
        }
        throw new PplException(
                "site '"
                        + site
                        + "' draws noise of shape "
                        + shape
                        + ", which does not end with its batch shape "
                        + batch
                        + " (and event shape "
                        + event
                        + "), so its rows cannot be keyed by example; keyed draws need samplers"
                        + " that draw tensors of the value's shape, perhaps with axes of their own"
                        + " in front");
    }

    /** The keys in force on the calling thread, or null when draws are not keyed. */
    public static RowKeys current() {
        return CURRENT.get();
    }

    /**
     * Sets the keys of keyed draws on the calling thread (null: none); {@code Handlers.keyedNoise}
     * sets them for its block and restores the previous ones on close.
     */
    public static void current(RowKeys keys) {
        CURRENT.set(keys);
    }

    /** The keys in force on this thread, for a draw of site {@code site}. */
    static RowKeys required(String site) {
        RowKeys k = CURRENT.get();
        if (k == null) {
            throw new PplException(
                    "site '"
                            + site
                            + "' draws keyed noise but no keys are in force on this thread; run"
                            + " the step inside Handlers.keyedNoise(keys) every time, also when"
                            + " it is compiled");
        }
        return k;
    }

    /** The plate, the number of rows and whether they are a shard: what a compiled step fixes. */
    public Object signature() {
        return java.util.List.of(plate, rows.length, shard);
    }

    /** E.g. {@code RowKeys(plate 'data', seed 0, step 12, 128 rows, shard)}. */
    @Override
    public String toString() {
        return "RowKeys(plate '"
                + plate
                + "', seed "
                + seed
                + ", step "
                + step
                + ", "
                + rows.length
                + " rows"
                + (shard ? ", shard)" : ")");
    }
}
