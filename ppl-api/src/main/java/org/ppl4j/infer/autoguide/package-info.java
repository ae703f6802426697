/**
 * Automatic guides (Pyro's {@code pyro.infer.autoguide}): {@link
 * org.ppl4j.infer.autoguide.AutoGuide} runs the model once to find its latent sites, and {@link
 * org.ppl4j.infer.autoguide.AutoNormal}, {@link org.ppl4j.infer.autoguide.AutoDiagonalNormal} and
 * {@link org.ppl4j.infer.autoguide.AutoDelta} place a learnable distribution on each.
 */
package org.ppl4j.infer.autoguide;
