/**
 * The ND4J backend ({@code nd4j}): the ppl4j SPI on ND4J's CPU kernels in float32 and float64, with
 * a pool that reuses released buffers. Put the jar on the class path; {@link
 * org.ppl4j.backend.nd4j.Nd4jBackendProvider} registers it with {@code ServiceLoader}.
 */
package org.ppl4j.backend.nd4j;
