package org.ppl4j.optim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ppl4j.core.PplException;
import org.ppl4j.io.HostArray;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.params.ParamStore;

/**
 * Everything training needs to resume bit-identically, in one safetensors file written atomically:
 * the params, the optimizer's per-param state (slots, step counts, learning rates, scheduler
 * epochs) and extra string metadata such as the epoch and the random stream's state.
 *
 * <p>Layout: tensors {@code param/NAME} and {@code optim/NAME/SLOT}; metadata {@code format},
 * {@code param/constraint/NAME}, {@code optim/type}, {@code optim/NAME/step|lr|epoch} and {@code
 * extra/KEY}.
 *
 * <pre>{@code
 * Checkpoint.save(file, store, adam,
 *         Map.of("epoch", "7", "rng", Checkpoint.encodeLongs(Rng.current().state())));
 * Map<String, String> extra = Checkpoint.load(file, store, adam);
 * Rng.current(Rng.restore(Checkpoint.decodeLongs(extra.get("rng"))));
 * }</pre>
 */
public final class Checkpoint {
    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "ppl4j-checkpoint-1";

    private static final String PARAM = "param/";
    private static final String OPTIM = "optim/";
    private static final String EXTRA = "extra/";

    private Checkpoint() {}

    /** Writes params, optimizer state (if {@code optimizer} is not null) and {@code extra}. */
    public static void save(
            Path file, ParamStore store, Optimizer optimizer, Map<String, String> extra) {
        Map<String, HostArray> arrays = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        add(PARAM, store.state(), arrays, meta);
        if (optimizer != null) {
            add(OPTIM, optimizer.state(), arrays, meta);
        }
        extra.forEach((k, v) -> meta.put(EXTRA + k, v));
        new SafeTensors(arrays, meta).write(file);
    }

    private static void add(
            String prefix,
            SafeTensors part,
            Map<String, HostArray> arrays,
            Map<String, String> meta) {
        part.arrays().forEach((k, v) -> arrays.put(prefix + k, v));
        part.metadata().forEach((k, v) -> meta.put(prefix + k, v));
    }

    /**
     * Restores params and optimizer state (if {@code optimizer} is not null) from {@code file} and
     * returns its extra metadata. The file is checked against the store (see {@link
     * ParamStore#setState}) and the optimizer before anything changes.
     */
    public static Map<String, String> load(Path file, ParamStore store, Optimizer optimizer) {
        return load(SafeTensors.read(file), store, optimizer);
    }

    /**
     * Restores from a checkpoint already read with {@link SafeTensors#read}, for callers that check
     * its metadata first (so the file is parsed once).
     */
    public static Map<String, String> load(SafeTensors all, ParamStore store, Optimizer optimizer) {
        if (!FORMAT.equals(all.metadata().get("format"))) {
            throw new PplException(
                    all
                            + " is not a ppl4j checkpoint (no \"format\": \""
                            + FORMAT
                            + "\" in its metadata); to read params saved with"
                            + " ParamStore.save use ParamStore.load");
        }
        SafeTensors params = all.subset(PARAM);
        if (optimizer != null) {
            SafeTensors optim = all.subset(OPTIM);
            List<String> problems = optimizer.problems(optim);
            problems.addAll(slotShapes(optim, params));
            problems.addAll(ParamStore.nonFinite(optim, "optimizer slot"));
            if (!problems.isEmpty()) {
                throw new PplException(
                        "cannot load "
                                + optimizer
                                + " state from "
                                + all
                                + ":\n  "
                                + String.join("\n  ", problems));
            }
            store.setState(params);
            optimizer.setState(optim);
        } else {
            store.setState(params);
        }
        return all.subset(EXTRA).metadata();
    }

    /** Each slot must have the shape and dtype of the param it belongs to. */
    private static List<String> slotShapes(SafeTensors optim, SafeTensors params) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, HostArray> e : optim.arrays().entrySet()) {
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            String param = slash < 0 ? key : key.substring(0, slash);
            HostArray slot = e.getValue();
            if (!params.contains(param)) {
                problems.add("optimizer slot '" + key + "' belongs to no param in the file");
            } else if (!params.get(param).shape().equals(slot.shape())
                    || params.get(param).dtype() != slot.dtype()) {
                problems.add(
                        "optimizer slot '"
                                + key
                                + "' is "
                                + slot
                                + " but param '"
                                + param
                                + "' is "
                                + params.get(param));
            }
        }
        return problems;
    }

    /** Longs as one metadata string, e.g. a random stream's {@code state()}. */
    public static String encodeLongs(long... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? "," : "").append(values[i]);
        }
        return sb.toString();
    }

    /** The longs of {@link #encodeLongs}. */
    public static long[] decodeLongs(String s) {
        if (s.isEmpty()) {
            return new long[0];
        }
        String[] parts = s.split(",");
        long[] r = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                r[i] = Long.parseLong(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new PplException(
                    "Checkpoint.decodeLongs: '" + s + "' is not a comma-separated list of longs");
        }
        return r;
    }
}
