/**
 * Optimizers for the param store (Pyro's {@code pyro.optim}): {@link org.ppl4j.optim.Adam}, {@link
 * org.ppl4j.optim.ClippedAdam}, {@link org.ppl4j.optim.Sgd}, {@link org.ppl4j.optim.RmsProp} and
 * {@link org.ppl4j.optim.Adagrad}, learning-rate schedulers, and their state in checkpoints.
 */
package org.ppl4j.optim;
