/**
 * Effect handlers (Pyro's {@code poutine}): a {@link org.ppl4j.handlers.Message} per site flows
 * through the thread's {@link org.ppl4j.handlers.HandlerStack}; {@link org.ppl4j.handlers.Handlers}
 * makes {@code trace}, {@code replay}, {@code block}, {@code condition}, {@code substitute}, {@code
 * scale}, {@code mask} and {@code seed}; plates are {@link org.ppl4j.handlers.Plate}s. Every
 * handler is entered with try-with-resources and must be closed in order.
 */
package org.ppl4j.handlers;
