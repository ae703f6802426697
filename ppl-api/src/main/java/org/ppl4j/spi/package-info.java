/**
 * The backend SPI: a {@link org.ppl4j.spi.BackendProvider} (name, priority, create) found by {@code
 * ServiceLoader}, the {@link org.ppl4j.spi.Backend} that runs primitive kernels on opaque {@link
 * org.ppl4j.spi.Handle}s, its {@link org.ppl4j.spi.Capability capabilities} and optional {@link
 * org.ppl4j.spi.Compiler} of traced {@link org.ppl4j.spi.Graph}s. {@link org.ppl4j.spi.Backends}
 * picks one ({@code -Dppl.backend} or {@code PPL_BACKEND}); native failures surface as {@link
 * org.ppl4j.spi.BackendException}.
 */
package org.ppl4j.spi;
