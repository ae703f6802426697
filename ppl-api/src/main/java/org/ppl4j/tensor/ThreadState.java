package org.ppl4j.tensor;

import java.util.ArrayDeque;

/** The tensor layer's per-thread state: open scopes, the interpreter, grad mode. */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT =
            ThreadLocal.withInitial(ThreadState::new);

    final ArrayDeque<TensorScope> scopes = new ArrayDeque<>();
    Interpreter interpreter = EagerInterpreter.INSTANCE;
    boolean gradEnabled = true;

    static ThreadState get() {
        return CURRENT.get();
    }
}
