package org.ppl4j;

import java.util.ArrayList;
import java.util.List;
import org.ppl4j.handlers.Handler;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.random.RowKeys;

/**
 * The per-thread state of probabilistic programs: the effect-handler stack, the param store and the
 * random stream. Never a static mutable field: each thread has its own, so two SVI loops on two
 * threads do not interfere.
 *
 * <pre>{@code
 * PplContext.current().rng(new Rng(42));   // what Ppl.seed(42) does
 * }</pre>
 */
public final class PplContext {
    private static final ThreadLocal<PplContext> CURRENT = ThreadLocal.withInitial(PplContext::new);

    private final List<Handler> handlers = new ArrayList<>();
    private ParamStore paramStore;
    private Rng rng = new Rng(0L);
    private boolean validation = true;
    private String lastSite;
    private RowKeys rowKeys;

    /** The calling thread's context. */
    public static PplContext current() {
        return CURRENT.get();
    }

    /** The handler stack, innermost last (handlers manage it themselves on enter/close). */
    public List<Handler> handlerStack() {
        return handlers;
    }

    /** The param store of this thread, created empty on first use. */
    public ParamStore paramStore() {
        if (paramStore == null) {
            paramStore = new ParamStore();
        }
        return paramStore;
    }

    /** Replaces the param store (e.g. with one loaded from a checkpoint); returns the old one. */
    public ParamStore paramStore(ParamStore store) {
        ParamStore old = paramStore;
        paramStore = store;
        return old;
    }

    /** The random stream every draw comes from. */
    public Rng rng() {
        return rng;
    }

    /** Replaces the random stream (what {@code Ppl.seed} does). */
    public void rng(Rng r) {
        this.rng = r;
    }

    /**
     * The keys of keyed draws in force, set by {@code Handlers.keyedNoise} for its block; null
     * outside one. Keyed draws read it when their values are made, also at every run of a compiled
     * step.
     */
    public RowKeys rowKeys() {
        return rowKeys;
    }

    /** Sets the keys of keyed draws (null: none); {@code Handlers.keyedNoise} restores them. */
    public void rowKeys(RowKeys keys) {
        this.rowKeys = keys;
    }

    /**
     * The name of the last site a message was sent for on this thread, for errors that arise
     * between sites (such as a host read while a step is traced); null before any.
     */
    public String lastSite() {
        return lastSite;
    }

    /** Records that a message for site {@code name} is being processed. */
    public void lastSite(String name) {
        this.lastSite = name;
    }

    /** Whether distributions validate parameters and values by default (Pyro's default: on). */
    public boolean validationEnabled() {
        return validation;
    }

    /** Turns default validation on or off for this thread (Pyro's {@code enable_validation}). */
    public void validationEnabled(boolean on) {
        this.validation = on;
    }
}
