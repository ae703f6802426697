package org.ppl4j.tck.conformance;

import java.util.Random;

/** Where a case draws its values from: a primitive's domain, kept away from kinks where needed. */
@FunctionalInterface
interface Domain {
    double draw(Random r);

    static Domain uniform(double lo, double hi) {
        return r -> lo + (hi - lo) * r.nextDouble();
    }

    /** Positive values spread evenly over orders of magnitude. */
    static Domain logUniform(double lo, double hi) {
        return r -> Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * r.nextDouble());
    }

    /** Either sign, magnitude in {@code [lo, hi]} (keeps values away from zero). */
    static Domain awayFromZero(double lo, double hi) {
        return r -> (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
    }

    /** Either sign, magnitude spread evenly over the orders of magnitude in {@code [lo, hi]}. */
    static Domain signedLogUniform(double lo, double hi) {
        Domain m = logUniform(lo, hi);
        return r -> (r.nextBoolean() ? 1 : -1) * m.draw(r);
    }

    static Domain oneOf(double... values) {
        return r -> values[r.nextInt(values.length)];
    }

    /** Draws from {@code a} or {@code b} with equal chance. */
    static Domain either(Domain a, Domain b) {
        return r -> r.nextBoolean() ? a.draw(r) : b.draw(r);
    }

    /**
     * Values on the grid {@code offset + k * 0.5}: two domains with offsets that differ by 0.25
     * never tie and stay 0.25 apart, which keeps max/min away from their kinks.
     */
    static Domain grid(double offset, int halfWidth) {
        return r -> offset + 0.5 * (r.nextInt(2 * halfWidth + 1) - halfWidth);
    }
}
