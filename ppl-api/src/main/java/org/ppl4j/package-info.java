/**
 * The facade models are written against: {@link org.ppl4j.Ppl}, statically imported, with Pyro's
 * {@code sample}, {@code param}, {@code plate}, {@code module}, {@code factor}, {@code
 * deterministic} and {@code seed}; the thread's {@link org.ppl4j.PplContext}; and {@link
 * org.ppl4j.core.PplException}, the root of every error ppl4j throws.
 *
 * <pre>{@code
 * try (Plate data = plate("data", x.dim(0))) {
 *     Tensor z = sample("latent", Normal.of(zeros, ones).toEvent(1));
 *     sample("obs", Bernoulli.probs(decoder.forward(z), false).toEvent(1), x);
 * }
 * }</pre>
 */
package org.ppl4j;
