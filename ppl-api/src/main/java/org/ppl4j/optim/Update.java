package org.ppl4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ppl4j.tensor.Tensor;

/**
 * What {@link Optimizer#compute} produced: for each param its new unconstrained value and the new
 * values of its optimizer slots, not yet stored. {@link #tensors()} lists them in a fixed order and
 * {@link #withTensors} puts others (a compiled step's outputs) in their places.
 */
public final class Update {
    /** One param's new value and slots. */
    record Entry(String param, ParamState state, Tensor value, Map<String, Tensor> slots) {}

    private final List<Entry> entries = new ArrayList<>();

    Update() {}

    void add(
            String param,
            ParamState st,
            Tensor value,
            Map<String, Tensor> slots,
            List<String> order) {
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String s : order) {
            ordered.put(s, slots.get(s));
        }
        entries.add(new Entry(param, st, value, Collections.unmodifiableMap(ordered)));
    }

    List<Entry> entries() {
        return entries;
    }

    /** Every new value: each param's, then its slots', param by param. */
    public List<Tensor> tensors() {
        List<Tensor> all = new ArrayList<>();
        for (Entry e : entries) {
            all.add(e.value());
            all.addAll(e.slots().values());
        }
        return all;
    }

    /** The same update with {@code values} (in {@link #tensors()} order) in place of its own. */
    public Update withTensors(List<Tensor> values) {
        Update u = new Update();
        int i = 0;
        for (Entry e : entries) {
            Tensor v = values.get(i++);
            Map<String, Tensor> slots = new LinkedHashMap<>();
            for (String s : e.slots().keySet()) {
                slots.put(s, values.get(i++));
            }
            u.entries.add(new Entry(e.param(), e.state(), v, slots));
        }
        return u;
    }
}
