/**
 * Tensors and their autodiff: the immutable {@link org.ppl4j.tensor.Tensor} (shape, dtype, device),
 * {@link org.ppl4j.core.Shape}, {@link org.ppl4j.core.DType}, native-memory lifetimes in {@link
 * org.ppl4j.tensor.TensorScope}s, and reverse-mode autodiff ({@link org.ppl4j.tensor.Autodiff}).
 * Every tensor method is dispatched once ({@link org.ppl4j.tensor.Dispatch}) to one of the SPI's
 * {@link org.ppl4j.spi.Primitive}s; the vector-Jacobian product of each is this layer's, written in
 * primitives, so every backend differentiates the same maths.
 */
package org.ppl4j.tensor;
