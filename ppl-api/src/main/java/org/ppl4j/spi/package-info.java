/**
 * The backend SPI: a {@link org.ppl4j.spi.BackendProvider} (name, priority, create) found by {@code
 * ServiceLoader}, the {@link org.ppl4j.spi.Backend} that runs primitive kernels on opaque {@link
 * org.ppl4j.spi.Handle}s, its {@link org.ppl4j.spi.Capability capabilities} and optional {@link
 * org.ppl4j.spi.Compiler} of traced {@link org.ppl4j.spi.Graph}s. {@link org.ppl4j.spi.Backends}
 * picks one ({@code -Dppl.backend} or {@code PPL_BACKEND}); native failures surface as {@link
 * org.ppl4j.spi.BackendException}. The primitives a backend runs live here too: the closed set of
 * {@link org.ppl4j.spi.Primitive}s (the op families such as {@link org.ppl4j.spi.UnaryOp} and
 * {@link org.ppl4j.spi.FusedOp}) with their shape rules, their {@link org.ppl4j.spi.Attr}ibutes and
 * the {@link org.ppl4j.spi.TensorType} of a value. The package depends only on {@code
 * org.ppl4j.core}; gradients and tensors are the layer above ({@code org.ppl4j.tensor}).
 */
package org.ppl4j.spi;
