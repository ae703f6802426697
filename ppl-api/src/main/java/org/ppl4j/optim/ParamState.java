package org.ppl4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ppl4j.PplException;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * What an optimizer keeps for one parameter: the step count, the learning rate (decayed by
 * schedulers and {@link ClippedAdam}), the scheduler's epoch and the named state tensors (slots).
 * During a step, new slot values are pending until {@link #commit} hands them to the optimizer's
 * scope and releases the old ones.
 */
final class ParamState {
    long step;
    double lr;
    long epoch;
    private final Map<String, Tensor> slots = new LinkedHashMap<>();
    private final Map<String, Tensor> pending = new LinkedHashMap<>();

    ParamState(double lr) {
        this.lr = lr;
    }

    /** Whether no step has been taken (so slots still have to be created). */
    boolean isNew() {
        return slots.isEmpty() && pending.isEmpty();
    }

    /** The slot's newest value (pending, else committed). */
    Tensor slot(String name) {
        Tensor t = pending.containsKey(name) ? pending.get(name) : slots.get(name);
        if (t == null) {
            throw new PplException("optimizer state has no slot '" + name + "'");
        }
        return t;
    }

    /** Sets a slot's new value, kept when the step commits. */
    void slot(String name, Tensor value) {
        pending.put(name, value);
    }

    /** The committed slots. */
    Map<String, Tensor> slots() {
        return slots;
    }

    /** Moves pending slots into {@code owner} and releases the values they replace. */
    void commit(TensorScope owner) {
        for (Map.Entry<String, Tensor> e : pending.entrySet()) {
            Tensor value = e.getValue().detach();
            if (!owner.adoptNew(value)) {
                throw new IllegalStateException(
                        "optimizer slot '" + e.getKey() + "' reuses memory it already owns");
            }
            Tensor old = slots.put(e.getKey(), value);
            if (old != null) {
                old.close();
            }
        }
        pending.clear();
    }

    /** Releases the committed slots. */
    void release() {
        slots.values().forEach(Tensor::close);
        slots.clear();
        pending.clear();
    }
}
