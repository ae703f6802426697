package org.ppl4j.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ppl4j.core.PplException;

/**
 * The contents of a safetensors file: named float32/float64 arrays plus string metadata, with a
 * validating reader and an atomic writer.
 *
 * <p>The format (Hugging Face's): an 8-byte little-endian header length, a JSON header {@code
 * {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {..}}}
 * and the raw little-endian data. Writing goes to a temporary file in the same directory that is
 * then moved over the target, so a reader never sees a partial file and a failed write leaves the
 * old file as it was.
 *
 * <pre>{@code
 * var arrays = new LinkedHashMap<String, HostArray>();
 * arrays.put("w", HostArray.ofFloats(new float[] {1, 2}, 2));
 * new SafeTensors(arrays, Map.of("epoch", "3")).write(Path.of("ckpt.safetensors"));
 * HostArray w = SafeTensors.read(Path.of("ckpt.safetensors")).get("w");
 * }</pre>
 */
public final class SafeTensors {
    /** The header key that holds the string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    private final Map<String, HostArray> arrays;
    private final Map<String, String> metadata;
    private final String origin;

    /**
     * Contents made of {@code arrays} (written in this order) and {@code metadata}; both are
     * copied.
     */
    public SafeTensors(Map<String, HostArray> arrays, Map<String, String> metadata) {
        this(arrays, metadata, "in-memory safetensors");
        for (String name : arrays.keySet()) {
            if (name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new PplException(
                        "safetensors: the tensor name '"
                                + name
                                + "' is reserved or empty; choose another name");
            }
        }
    }

    SafeTensors(Map<String, HostArray> arrays, Map<String, String> metadata, String origin) {
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.origin = origin;
    }

    /**
     * Reads and validates a safetensors file of F32/F64 tensors; fails with a {@link PplException}
     * naming the file and what is wrong with it.
     */
    public static SafeTensors read(Path file) {
        return SafeTensorsReader.read(file);
    }

    /** Writes these contents to {@code file} atomically, creating missing parent directories. */
    public void write(Path file) {
        SafeTensorsWriter.write(file, arrays, metadata);
    }

    /** The arrays by name, in file order (unmodifiable). */
    public Map<String, HostArray> arrays() {
        return arrays;
    }

    /** The string metadata (unmodifiable). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor names, in file order. */
    public Set<String> names() {
        return arrays.keySet();
    }

    /** Whether a tensor of this name is present. */
    public boolean contains(String name) {
        return arrays.containsKey(name);
    }

    /** The array called {@code name}; fails naming the source and the names it does hold. */
    public HostArray get(String name) {
        HostArray a = arrays.get(name);
        if (a == null) {
            throw new PplException(
                    origin + " has no tensor '" + name + "'; it holds " + arrays.keySet());
        }
        return a;
    }

    /**
     * The entries whose names (tensor names and metadata keys) start with {@code prefix}, with the
     * prefix removed: one part of a file that holds several, e.g. a checkpoint's params.
     */
    public SafeTensors subset(String prefix) {
        Map<String, HostArray> a = new LinkedHashMap<>();
        arrays.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix)) {
                        a.put(k.substring(prefix.length()), v);
                    }
                });
        Map<String, String> m = new LinkedHashMap<>();
        metadata.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix)) {
                        m.put(k.substring(prefix.length()), v);
                    }
                });
        return new SafeTensors(a, m, origin + " (entries " + prefix + "*)");
    }

    /** Where the contents came from, e.g. {@code safetensors file /tmp/x.safetensors}. */
    @Override
    public String toString() {
        return origin;
    }
}
