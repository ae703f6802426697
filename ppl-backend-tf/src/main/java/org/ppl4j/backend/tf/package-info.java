/**
 * The TensorFlow Java backend ({@code tf}): the ppl4j SPI on TensorFlow's eager C API, CPU or GPU,
 * with a compiler that lowers a traced SVI step to one TF graph function. Put the jar on the class
 * path; {@link org.ppl4j.backend.tf.TfBackendProvider} registers it with {@code ServiceLoader}.
 */
package org.ppl4j.backend.tf;
