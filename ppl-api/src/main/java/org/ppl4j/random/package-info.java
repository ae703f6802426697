/**
 * Randomness that is the same on every backend: the uniform and normal draws of a stream ({@link
 * org.ppl4j.random.Rng}, the counter-based Philox4x32-10 generator underneath), made on the host
 * and uploaded, so one seed gives the same noise everywhere, and the keys of keyed draws ({@link
 * org.ppl4j.random.RowKeys}).
 */
package org.ppl4j.random;
