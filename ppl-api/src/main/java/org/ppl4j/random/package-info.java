/**
 * Randomness that is the same on every backend: the counter-based Philox4x32-10 generator ({@link
 * org.ppl4j.random.Philox}) and the uniform and normal draws of a stream ({@link
 * org.ppl4j.random.Rng}), made on the host and uploaded, so one seed gives the same noise
 * everywhere.
 */
package org.ppl4j.random;
