package org.ppl4j.tensor;

/** How a tensor was computed: the record autodiff walks backwards. */
record Node(Primitive primitive, Attr attr, Tensor[] inputs) {}
