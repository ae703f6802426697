package org.ppl4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.TensorType;
import org.ppl4j.tensor.HostFeed;
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

    /**
     * Advances the step count and gives {@code value}, computed after it, as a scalar in {@code
     * like}'s dtype. Both happen on the host at every step, as a {@link HostFeed}: now when run
     * eagerly, at every run of a compiled step that traced it, so the count and learning rate never
     * become constants of a program. Call it exactly once per update, before {@link #scalar}.
     */
    Tensor advance(Tensor like, DoubleSupplier value) {
        return scalar(
                like,
                () -> {
                    step++;
                    return value.getAsDouble();
                });
    }

    /** A per-step host scalar in {@code like}'s dtype, computed as {@link #advance} says. */
    static Tensor scalar(Tensor like, DoubleSupplier value) {
        TensorType type = new TensorType(Shape.scalar(), like.dtype());
        return Tensor.feed(type, () -> new double[] {value.getAsDouble()});
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

    /** The new slot values this update set, taking them out of pending. */
    Map<String, Tensor> takePending() {
        Map<String, Tensor> p = new LinkedHashMap<>(pending);
        pending.clear();
        return p;
    }

    /** Whether every slot of {@code names} has a committed value. */
    boolean hasSlots(List<String> names) {
        return slots.keySet().containsAll(names);
    }

    /** Becomes {@code other} (counters and committed slots), releasing its own slots. */
    void takeOver(ParamState other) {
        release();
        step = other.step;
        lr = other.lr;
        epoch = other.epoch;
        slots.putAll(other.slots);
    }

    /** Releases the committed slots. */
    void release() {
        slots.values().forEach(Tensor::close);
        slots.clear();
        pending.clear();
    }
}
