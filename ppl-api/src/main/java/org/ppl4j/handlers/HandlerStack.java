package org.ppl4j.handlers;

import java.util.List;
import org.ppl4j.PplContext;

/**
 * Runs a message through the calling thread's handler stack (Pyro's {@code apply_stack}): each
 * handler's process from the top down until one stops it, the default action, then postprocess from
 * the lowest handler reached back up.
 */
public final class HandlerStack {
    private HandlerStack() {}

    /** Processes {@code m} and returns its final value. */
    public static Message apply(Message m, Runnable defaultAction) {
        PplContext ctx = PplContext.current();
        ctx.lastSite(m.name());
        List<Handler> stack = ctx.handlerStack();
        Handler[] snapshot = stack.toArray(new Handler[0]);
        int reached = snapshot.length;
        for (int i = snapshot.length - 1; i >= 0; i--) {
            reached = i;
            snapshot[i].process(m);
            if (m.stop) {
                break;
            }
        }
        if (!m.done && m.value == null) {
            defaultAction.run();
        }
        for (int i = reached; i < snapshot.length; i++) {
            snapshot[i].postprocess(m);
        }
        return m;
    }
}
