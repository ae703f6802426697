package org.ppl4j.handlers;

import java.util.function.Predicate;

/**
 * Hides sites from the handlers below it (Pyro's {@code poutine.block}): a hidden message stops
 * here, so outer traces do not see it.
 */
public final class BlockHandler extends Handler {
    private final Predicate<Message> hide;

    BlockHandler(Predicate<Message> hide) {
        this.hide = hide;
    }

    @Override
    protected void process(Message m) {
        if (hide.test(m)) {
            m.stop();
        }
    }

    @Override
    protected String describe() {
        return "block";
    }
}
