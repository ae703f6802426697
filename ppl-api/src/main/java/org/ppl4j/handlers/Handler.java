package org.ppl4j.handlers;

import java.util.List;
import org.ppl4j.core.PplException;

/**
 * An effect handler (Pyro's {@code Messenger}): sees every message while it is on the calling
 * thread's stack. Handlers are entered once, with {@link #enter()}, and must be closed in the
 * reverse order (try-with-resources does that).
 *
 * <pre>{@code
 * try (var tr = Handlers.trace(); var sc = Handlers.scale(0.5)) {
 *     model.accept(x);
 * }
 * }</pre>
 */
public abstract class Handler implements AutoCloseable {
    private boolean entered;
    private boolean closed;

    /** Called top-down before the default action; may set the value or stop the message. */
    protected void process(Message m) {}

    /** Called bottom-up after the default action. */
    protected void postprocess(Message m) {}

    /** Called when pushed onto the stack. */
    protected void onEnter() {}

    /** Called when popped off the stack. */
    protected void onExit() {}

    /** A short name for messages, e.g. {@code trace} or {@code plate 'data'}. */
    protected String describe() {
        return getClass().getSimpleName();
    }

    /** Pushes this handler onto the calling thread's stack. */
    public final <H extends Handler> H enter() {
        if (entered) {
            throw new PplException(
                    describe()
                            + " was entered twice; create a new handler for each block (handlers"
                            + " are single-use)");
        }
        entered = true;
        List<Handler> stack = HandlerStack.current().handlers;
        stack.add(this);
        try {
            onEnter();
        } catch (RuntimeException e) {
            // A handler that fails to enter (e.g. a plate whose dim collides) never was open.
            stack.remove(stack.size() - 1);
            closed = true;
            throw e;
        }
        @SuppressWarnings("unchecked")
        H self = (H) this;
        return self;
    }

    /** Pops this handler; it must be the innermost one. */
    @Override
    public void close() {
        if (closed || !entered) {
            return;
        }
        List<Handler> stack = HandlerStack.current().handlers;
        if (stack.isEmpty() || stack.get(stack.size() - 1) != this) {
            Handler top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
            throw new PplException(
                    describe()
                            + " closed out of order"
                            + (top == null ? "" : " while " + top.describe() + " is still open")
                            + "; close inner handlers and plates first (use try-with-resources)");
        }
        stack.remove(stack.size() - 1);
        closed = true;
        onExit();
    }
}
