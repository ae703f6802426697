/**
 * Probability distributions (Pyro's {@code pyro.distributions}): {@link
 * org.ppl4j.distributions.Distribution} with shapes {@code sampleShape + batchShape + eventShape},
 * {@code toEvent}, {@code expand} and {@code mask}; pathwise ({@code rsample}) draws where they
 * exist; supports in {@link org.ppl4j.distributions.Constraints}; closed-form divergences in {@link
 * org.ppl4j.distributions.KL}; argument checks that fail with a {@link
 * org.ppl4j.distributions.ValidationException} naming the argument and the fix.
 */
package org.ppl4j.distributions;
