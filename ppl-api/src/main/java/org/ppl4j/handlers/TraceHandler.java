package org.ppl4j.handlers;

/** Records every site into a {@link Trace} (Pyro's {@code poutine.trace}). */
public final class TraceHandler extends Handler {
    private final Trace trace = new Trace();

    /** The trace recorded so far. */
    public Trace trace() {
        return trace;
    }

    @Override
    protected void postprocess(Message m) {
        trace.add(m.toSite());
    }

    @Override
    protected String describe() {
        return "trace";
    }
}
