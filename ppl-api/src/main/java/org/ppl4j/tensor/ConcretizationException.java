package org.ppl4j.tensor;

import org.ppl4j.core.PplException;

/**
 * A tensor's value was asked for on the host while a step was being traced for compilation (JAX's
 * concretization error): its value does not exist yet, and a program that read it would silently
 * keep the trace-time answer. The message names the tensor; callers add the site.
 */
public final class ConcretizationException extends PplException {
    ConcretizationException(Tensor t) {
        super(
                "the value of "
                        + t
                        + " was read on the host (item(), toFloatArray(), a branch on a tensor"
                        + " value...) while the step was being traced for compilation; inside a"
                        + " compiled step values exist only on the device. Compute with tensor"
                        + " ops instead (e.g. where() for a branch), or run this step eagerly"
                        + " (Svi without jit(), the app's --no-jit)");
    }

    ConcretizationException(String message) {
        super(message);
    }
}
