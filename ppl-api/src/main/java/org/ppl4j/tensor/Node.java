package org.ppl4j.tensor;

import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Primitive;

/** How a tensor was computed: the record autodiff walks backwards. */
record Node(Primitive primitive, Attr attr, Tensor[] inputs) {}
