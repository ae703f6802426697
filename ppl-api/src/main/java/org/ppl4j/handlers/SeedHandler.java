package org.ppl4j.handlers;

import org.ppl4j.random.Rng;

/** Runs its block on a fresh random stream seeded with a fixed value (Pyro's {@code seed}). */
public final class SeedHandler extends Handler {
    private final long seed;
    private Rng saved;

    SeedHandler(long seed) {
        this.seed = seed;
    }

    @Override
    protected void onEnter() {
        saved = Rng.current();
        Rng.current(new Rng(seed));
    }

    @Override
    protected void onExit() {
        Rng.current(saved);
    }

    @Override
    protected String describe() {
        return "seed(" + seed + ")";
    }
}
