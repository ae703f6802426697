package org.ppl4j.tensor;

import java.util.HashSet;
import java.util.Set;
import org.ppl4j.core.PplException;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.Backends;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.TensorType;

/**
 * Owns the native memory of the tensors created while it is open, and releases it on close.
 *
 * <p>Scopes nest per thread; a tensor belongs to the innermost open scope. {@link #keep} hands a
 * tensor to the enclosing scope so it survives this one. A scope also fixes the backend new tensors
 * are created on (the parent's by default, else {@link Backends#get()}).
 *
 * <pre>{@code
 * try (var step = new TensorScope()) {
 *     Tensor loss = model.loss(batch);
 *     return step.keep(loss.detach());  // everything else is freed here
 * }
 * }</pre>
 */
public final class TensorScope implements AutoCloseable {
    private final Backend backend;
    private final TensorScope parent;
    private final Thread thread;
    private final Set<Storage> owned = new HashSet<>();
    private boolean closed;

    /** Opens a scope on the enclosing scope's backend, or the selected backend at top level. */
    public TensorScope() {
        this(null, true);
    }

    /** Opens a scope whose new tensors live on {@code backend}. */
    public TensorScope(Backend backend) {
        this(backend, true);
    }

    private TensorScope(Backend backend, boolean onStack) {
        ThreadState ts = ThreadState.get();
        TensorScope top = onStack ? ts.scopes.peek() : null;
        this.parent = top;
        this.backend = backend != null ? backend : top != null ? top.backend : Backends.get();
        this.thread = onStack ? Thread.currentThread() : null;
        if (onStack) {
            ts.scopes.push(this);
        }
    }

    /**
     * A scope that is not on the thread's stack: it owns what is {@link #adopt}ed into it until it
     * is closed, e.g. the parameters of a model across training steps.
     */
    public static TensorScope detached(Backend backend) {
        return new TensorScope(backend, false);
    }

    /** The backend that tensors created in this scope live on. */
    public Backend backend() {
        return backend;
    }

    /** The number of live tensors this scope owns. */
    public synchronized int ownedCount() {
        return owned.size();
    }

    /**
     * Hands {@code t}'s memory to the enclosing scope (or, at top level, to the caller, who must
     * close it) so that it outlives this scope.
     */
    public Tensor keep(Tensor t) {
        Storage s = t.storage();
        synchronized (this) {
            if (s.owner() != this) {
                return t;
            }
            owned.remove(s);
        }
        s.owner(null);
        if (parent != null) {
            parent.take(s);
        }
        return t;
    }

    /** Takes ownership of {@code t}'s memory from whichever scope held it. */
    public Tensor adopt(Tensor t) {
        Storage s = t.storage();
        TensorScope old = s.owner();
        if (old == this) {
            return t;
        }
        if (old != null) {
            old.forget(s);
        }
        take(s);
        return t;
    }

    /**
     * Takes ownership of {@code t}'s memory like {@link #adopt}, unless this scope already owns it:
     * for holders (param store, optimizer state) that must never hold one buffer under two names.
     *
     * @return true if the memory was adopted, false if this scope already owned it
     */
    public boolean adoptNew(Tensor t) {
        if (t.storage().owner() == this) {
            return false;
        }
        adopt(t);
        return true;
    }

    /**
     * Takes ownership of every tensor {@code other} owns, leaving it empty: keeps what a block
     * computed (e.g. an autoguide's prototype trace) without listing the tensors.
     */
    public void adoptAll(TensorScope other) {
        Storage[] all;
        synchronized (other) {
            all = other.owned.toArray(new Storage[0]);
            other.owned.clear();
        }
        for (Storage s : all) {
            take(s);
        }
    }

    private synchronized void take(Storage s) {
        checkOpen();
        owned.add(s);
        s.owner(this);
    }

    synchronized void forget(Storage s) {
        owned.remove(s);
    }

    Tensor own(Backend b, Handle h, TensorType type, Interpreter origin) {
        Storage s = new Storage(b, h, origin);
        take(s);
        return new Tensor(s, type, null, false);
    }

    private void checkOpen() {
        if (closed) {
            throw new PplException("this TensorScope is closed; create tensors in an open scope");
        }
    }

    /** Releases every tensor still owned. Scopes must close innermost first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (thread != null) {
            ThreadState ts = ThreadState.get();
            if (thread != Thread.currentThread() || ts.scopes.peek() != this) {
                throw new PplException(
                        "TensorScope closed out of order: close the scopes opened inside it"
                                + " first (use try-with-resources), on the thread that opened it");
            }
            ts.scopes.pop();
        }
        Storage[] all;
        synchronized (this) {
            closed = true;
            all = owned.toArray(new Storage[0]);
            owned.clear();
        }
        for (Storage s : all) {
            s.releaseQuietly();
        }
    }

    /** The innermost open scope; {@code what} names the operation in the error if none is. */
    static TensorScope current(Object what) {
        TensorScope s = ThreadState.get().scopes.peek();
        if (s == null) {
            throw new PplException(
                    "no TensorScope is open on thread '"
                            + Thread.currentThread().getName()
                            + "' for "
                            + what
                            + "; run tensor code inside try (var scope = new TensorScope()) {...}");
        }
        return s;
    }

    /** The backend of the innermost open scope. */
    public static Backend currentBackend() {
        return current("tensor creation").backend;
    }
}
