package org.ppl4j.handlers;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a message through the calling thread's handler stack (Pyro's {@code apply_stack}): each
 * handler's process from the top down until one stops it, the default action, then postprocess from
 * the lowest handler reached back up.
 */
final class HandlerStack {
    private static final ThreadLocal<HandlerStack> CURRENT =
            ThreadLocal.withInitial(HandlerStack::new);

    /** The open handlers, innermost last (handlers push and pop themselves on enter/close). */
    final List<Handler> handlers = new ArrayList<>();

    /** The site of the last message processed, for errors raised far from it. */
    String lastSite;

    private HandlerStack() {}

    /** The calling thread's stack. */
    static HandlerStack current() {
        return CURRENT.get();
    }

    /** Processes {@code m} and returns its final value. */
    static Message apply(Message m, Runnable defaultAction) {
        HandlerStack ctx = current();
        ctx.lastSite = m.name();
        List<Handler> stack = ctx.handlers;
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
