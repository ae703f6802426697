/**
 * Tensors and their autodiff: the immutable {@link org.ppl4j.tensor.Tensor} (shape, dtype, device),
 * {@link org.ppl4j.tensor.Shape}, {@link org.ppl4j.tensor.DType}, native-memory lifetimes in {@link
 * org.ppl4j.tensor.TensorScope}s, and the closed set of {@link org.ppl4j.tensor.Primitive}s that
 * every tensor method is dispatched to once, each with its vector-Jacobian product beside it.
 */
package org.ppl4j.tensor;
