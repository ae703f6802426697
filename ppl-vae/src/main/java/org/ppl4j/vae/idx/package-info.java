/**
 * The IDX format MNIST ships in: {@link org.ppl4j.vae.idx.IdxReader} reads a (gzipped) file into an
 * {@link org.ppl4j.vae.idx.IdxArray}, {@link org.ppl4j.vae.idx.IdxWriter} writes one atomically. A
 * damaged file fails with an {@link org.ppl4j.vae.idx.IdxException} naming the file and what is
 * wrong.
 */
package org.ppl4j.vae.idx;
