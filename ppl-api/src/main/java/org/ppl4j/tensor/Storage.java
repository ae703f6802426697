package org.ppl4j.tensor;

import org.ppl4j.core.PplException;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Handle;

/** One backend buffer, owned by at most one scope, shared by the tensor views made from it. */
final class Storage {
    private final Backend backend;
    private final Handle handle;

    /** The interpreter that made the handle, and so releases it. */
    private final Interpreter origin;

    /** A number for messages ({@code tensor#12}), unique on the thread that made the storage. */
    private final long id = ThreadState.get().nextStorageId();

    private TensorScope owner;
    private volatile boolean released;

    Storage(Backend backend, Handle handle, Interpreter origin) {
        this.backend = backend;
        this.handle = handle;
        this.origin = origin;
    }

    /** The handle without the released check, for interpreters that map storages. */
    Handle rawHandle() {
        return handle;
    }

    Backend backend() {
        return backend;
    }

    Interpreter origin() {
        return origin;
    }

    long id() {
        return id;
    }

    boolean isReleased() {
        return released;
    }

    TensorScope owner() {
        return owner;
    }

    void owner(TensorScope scope) {
        owner = scope;
    }

    Handle handle(Tensor t) {
        if (released) {
            throw new PplException(
                    t
                            + " was released (its TensorScope closed or it was closed); keep it"
                            + " with scope.keep(tensor) or create it in an outer scope");
        }
        return handle;
    }

    /** Frees the native memory once; later uses fail with a message naming the tensor. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        if (owner != null) {
            owner.forget(this);
            owner = null;
        }
        origin.release(backend, handle);
    }

    /** Marks released without freeing, for scopes that free everything at once. */
    void releaseQuietly() {
        if (!released) {
            released = true;
            owner = null;
            origin.release(backend, handle);
        }
    }
}
