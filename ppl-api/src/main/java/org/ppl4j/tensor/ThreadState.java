package org.ppl4j.tensor;

import java.util.ArrayDeque;

/** The tensor layer's per-thread state: open scopes, the interpreter, grad mode, tensor ids. */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT =
            ThreadLocal.withInitial(ThreadState::new);

    final ArrayDeque<TensorScope> scopes = new ArrayDeque<>();
    Interpreter interpreter = EagerInterpreter.INSTANCE;
    boolean gradEnabled = true;
    private long storageIds;

    static ThreadState get() {
        return CURRENT.get();
    }

    /** The next id for a storage made on this thread (ids name tensors in messages only). */
    long nextStorageId() {
        return ++storageIds;
    }
}
