/**
 * Inference: {@link org.ppl4j.infer.Svi} takes SVI steps of an ELBO loss ({@link
 * org.ppl4j.infer.TraceElbo}, {@link org.ppl4j.infer.TraceMeanFieldElbo}), eagerly or compiled into
 * one program per signature ({@code svi.compiled()}); {@link org.ppl4j.infer.Predictive} draws from
 * the model with the guide's latents.
 */
package org.ppl4j.infer;
