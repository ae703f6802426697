package org.ppl4j;

import java.util.List;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.handlers.Handler;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.random.RowKeys;

/**
 * One view of the calling thread's state of probabilistic programs: the effect-handler stack, the
 * param store, the random stream, the keys of keyed draws and the validation switch. Each piece is
 * owned by its package ({@link Handlers#active()}, {@link ParamStore#current()}, {@link
 * Rng#current()}, {@link RowKeys#current()}, {@link Distribution#defaultValidation()}) and kept in
 * a thread-local there, so two SVI loops on two threads do not interfere; this class only gathers
 * them in one place and holds no state of its own.
 *
 * <pre>{@code
 * PplContext.current().rng(new Rng(42));   // what Ppl.seed(42) does
 * }</pre>
 */
public final class PplContext {
    private static final PplContext VIEW = new PplContext();

    private PplContext() {}

    /** The calling thread's context (a stateless view: every call reads the thread's pieces). */
    public static PplContext current() {
        return VIEW;
    }

    /** The open handlers, innermost last (a read-only snapshot; handlers enter and close). */
    public List<Handler> handlerStack() {
        return Handlers.active();
    }

    /** The param store of this thread, created empty on first use. */
    public ParamStore paramStore() {
        return ParamStore.current();
    }

    /** Replaces the param store (e.g. with one loaded from a checkpoint); returns the old one. */
    public ParamStore paramStore(ParamStore store) {
        return ParamStore.current(store);
    }

    /** The random stream every draw comes from. */
    public Rng rng() {
        return Rng.current();
    }

    /** Replaces the random stream (what {@code Ppl.seed} does). */
    public void rng(Rng r) {
        Rng.current(r);
    }

    /**
     * The keys of keyed draws in force ({@code Handlers.keyedNoise}), or null when draws come from
     * the stream in order.
     */
    public RowKeys rowKeys() {
        return RowKeys.current();
    }

    /** Sets the keys of keyed draws (null: none); {@code Handlers.keyedNoise} restores them. */
    public void rowKeys(RowKeys keys) {
        RowKeys.current(keys);
    }

    /** The last site whose message went through the handler stack (null before the first). */
    public String lastSite() {
        return Handlers.lastSite();
    }

    /** Whether distributions validate parameters and values by default (Pyro's default: on). */
    public boolean validationEnabled() {
        return Distribution.defaultValidation();
    }

    /** Turns default validation on or off for this thread (Pyro's {@code enable_validation}). */
    public void validationEnabled(boolean on) {
        Distribution.enableValidation(on);
    }
}
