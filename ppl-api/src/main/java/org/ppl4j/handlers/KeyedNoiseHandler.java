package org.ppl4j.handlers;

import org.ppl4j.core.PplException;
import org.ppl4j.random.Rng;
import org.ppl4j.random.RowKeys;

/**
 * Draws latent sites with noise keyed by example instead of the context's stream: inside the data
 * plate row {@code i} of a draw comes from the stream keyed by (seed, step, site, {@code rows[i]})
 * of its {@link RowKeys}, so a minibatch split into shards draws the same noise as the whole, and
 * the step does not read or advance the context's stream. Params are still initialized from the
 * context's stream.
 *
 * <p>It acts where the default action would draw: handlers inside it that fix a value (replay,
 * condition, substitute, noise) win, as does a {@code block} that hides a site. The data plate must
 * have one entry per keyed row and no subsampling of its own (its rows are the caller's minibatch);
 * to scale a minibatch up to a data set, wrap model and guide in {@code Handlers.scale}. The keys
 * are in force for the block ({@link RowKeys#current()}), so a compiled step run inside it makes
 * its draws from the keys of each run.
 */
public final class KeyedNoiseHandler extends Handler {
    private final RowKeys keys;
    private RowKeys saved;

    KeyedNoiseHandler(RowKeys keys) {
        PplException.nonNull(keys, "keys", "keyedNoise");
        this.keys = keys;
    }

    @Override
    protected void onEnter() {
        saved = RowKeys.current();
        RowKeys.current(keys);
    }

    @Override
    protected void onExit() {
        RowKeys.current(saved);
    }

    @Override
    protected void process(Message m) {
        if (m.type != SiteType.SAMPLE) {
            return;
        }
        PlateFrame data = null;
        for (PlateFrame f : m.frames) {
            if (f.name().equals(keys.plate())) {
                data = f;
            }
        }
        if (data == null && keys.shard()) {
            throw new PplException(
                    "site '"
                            + m.name
                            + "' is outside plate '"
                            + keys.plate()
                            + "', but the keyed rows are one shard of the minibatch, so every"
                            + " shard would count it; move it into the plate, or train this model"
                            + " on one machine");
        }
        if (data != null && (data.size() != keys.size() || data.subsampleSize() != data.size())) {
            throw new PplException(
                    "site '"
                            + m.name
                            + "': plate '"
                            + keys.plate()
                            + "' has size "
                            + data.size()
                            + (data.subsampleSize() != data.size()
                                    ? " subsampled to " + data.subsampleSize()
                                    : "")
                            + " but "
                            + keys.size()
                            + " rows are keyed; declare it as plate(\""
                            + keys.plate()
                            + "\", rows) over the keyed rows (scale a minibatch up to the data set"
                            + " with Handlers.scale)");
        }
        if (m.observed || m.value != null || m.done) {
            return;
        }
        int rowDim = data == null ? -1 : m.fn.batchShape().rank() + data.dim();
        Rng stream = Rng.current();
        Rng.current(Rng.keyedSite(m.name, m.fn.batchShape(), m.fn.eventShape(), rowDim));
        try {
            m.value = m.fn.hasRsample() ? m.fn.rsample() : m.fn.sample();
        } finally {
            Rng.current(stream);
        }
        m.done = true;
    }

    @Override
    protected String describe() {
        return "keyedNoise(" + keys + ")";
    }
}
