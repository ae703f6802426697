package org.ppl4j.backend.nd4j;

import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ppl4j.spi.Handle;

/** One ND4J array that owns its buffer alone (fresh, c-order, never a view of another array). */
final class Nd4jHandle implements Handle {
    private final INDArray array;
    private final AtomicBoolean released = new AtomicBoolean();

    Nd4jHandle(INDArray array) {
        this.array = array;
    }

    /** The array; fails instead of handing freed memory to a native kernel. */
    INDArray array() {
        if (released.get()) {
            throw new IllegalStateException("nd4j handle was already released");
        }
        return array;
    }

    /** Marks the handle released and gives up its array, the first time only; null after. */
    INDArray release() {
        return released.compareAndSet(false, true) ? array : null;
    }
}
