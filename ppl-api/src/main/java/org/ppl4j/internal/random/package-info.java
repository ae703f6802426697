/**
 * The Philox4x32-10 block function under {@code org.ppl4j.random.Rng}. Not part of the API: the
 * package is exported to no module, and may change in any release.
 */
package org.ppl4j.internal.random;
