package org.example.ppl;

import java.util.ServiceLoader;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.BackendProvider;

/**
 * Registers {@link ArrayBackend} as {@code arrays} (in {@code
 * META-INF/services/org.ppl4j.spi.BackendProvider}). Its kernels are a private instance of the
 * backend named {@code reference}, the float64 oracle that {@code org.ppl4j:ppl-tck} carries; a
 * real backend would load its native library here instead.
 */
public final class ArrayBackendProvider implements BackendProvider {
    /** The name the backend is selected by: {@code -Dppl.backend=arrays}. */
    public static final String NAME = "arrays";

    private static final String KERNELS = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 500;
    }

    @Override
    public Backend create() {
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals(KERNELS)) {
                return new ArrayBackend(p.create());
            }
        }
        throw new BackendException(
                "backend '"
                        + NAME
                        + "' runs its kernels on the '"
                        + KERNELS
                        + "' backend of org.ppl4j:ppl-tck; put that jar on the class path");
    }
}
