package org.ppl4j.distributions;

import org.ppl4j.tensor.Tensor;

/**
 * A region of values (a distribution's support, a parameter's domain) with the bijection from the
 * real line onto it that params and autoguides optimize through (Pyro's {@code biject_to}).
 *
 * <pre>{@code
 * Tensor scale = Constraints.positive().toConstrained(unconstrained); // exp
 * }</pre>
 */
public interface Constraint {
    /** A short name used in messages, e.g. {@code positive} or {@code interval(0, 1)}. */
    String name();

    /** 1 where {@code value} lies in the region and 0 elsewhere, elementwise. */
    Tensor check(Tensor value);

    /** Maps an unconstrained real tensor into the region (differentiable). */
    Tensor toConstrained(Tensor unconstrained);

    /** The inverse of {@link #toConstrained}. */
    Tensor toUnconstrained(Tensor constrained);

    /** {@code log |d toConstrained(u) / du|}, elementwise. */
    Tensor logAbsDetJacobian(Tensor unconstrained, Tensor constrained);

    /** The number of rightmost dimensions one point of the region spans (0 for elementwise). */
    default int eventDim() {
        return 0;
    }
}
