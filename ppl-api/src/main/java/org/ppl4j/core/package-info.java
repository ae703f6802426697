/**
 * What every layer of ppl4j shares and nothing else: {@link org.ppl4j.core.PplException}, the root
 * of every error ppl4j throws, the element types {@link org.ppl4j.core.DType} and tensor shapes
 * {@link org.ppl4j.core.Shape} (with {@link org.ppl4j.core.ShapeException} for shapes that do not
 * fit). It depends on no other ppl4j package.
 */
package org.ppl4j.core;
