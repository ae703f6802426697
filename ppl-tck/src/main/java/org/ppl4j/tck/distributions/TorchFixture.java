package org.ppl4j.tck.distributions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ppl4j.internal.json.Json;

/**
 * A PyTorch fixture of this package's resources ({@code distributions.json}, {@code mvn.json},
 * written by the {@code make_*.py} scripts beside them): lists of cases under named keys.
 */
final class TorchFixture {
    private final Map<?, ?> root;

    private TorchFixture(Map<?, ?> root) {
        this.root = root;
    }

    /** Reads the resource {@code name} of this package; a missing or broken file fails the test. */
    static TorchFixture load(String name) {
        try (InputStream in = TorchFixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("the torch fixture " + name + " is not in the kit's jar");
            }
            return new TorchFixture(
                    (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException | Json.SyntaxException e) {
            throw new AssertionError("cannot read the torch fixture: " + e, e);
        }
    }

    /** The cases listed under {@code key}. */
    List<Map<?, ?>> cases(String key) {
        List<Map<?, ?>> r = new ArrayList<>();
        for (Object o : (List<?>) root.get(key)) {
            r.add((Map<?, ?>) o);
        }
        return r;
    }
}
