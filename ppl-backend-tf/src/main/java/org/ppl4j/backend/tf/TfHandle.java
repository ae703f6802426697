package org.ppl4j.backend.tf;

import java.util.concurrent.atomic.AtomicReference;
import org.ppl4j.spi.Handle;
import org.tensorflow.internal.c_api.TFE_TensorHandle;

/** One eager tensor handle ({@code TFE_TensorHandle}), deleted exactly once by release. */
final class TfHandle implements Handle {
    private final AtomicReference<TFE_TensorHandle> ptr;

    TfHandle(TFE_TensorHandle ptr) {
        this.ptr = new AtomicReference<>(ptr);
    }

    /** The native handle, or null once released. */
    TFE_TensorHandle get() {
        return ptr.get();
    }

    /** Takes the native handle out for deletion; null if it was already taken. */
    TFE_TensorHandle take() {
        return ptr.getAndSet(null);
    }
}
