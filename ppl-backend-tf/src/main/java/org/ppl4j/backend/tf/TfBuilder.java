package org.ppl4j.backend.tf;

import org.ppl4j.core.DType;
import org.ppl4j.spi.TensorType;

/**
 * Where {@link TfKernels} put the TF ops of a primitive: run at once in the eager context ({@link
 * TfCall}, values are tensor handles) or added to a graph that becomes one TF function ({@link
 * TfGraphBuilder}, values are op outputs). The kernels are written once against this.
 *
 * @param <V> a value: an eager tensor handle or a graph op's output
 */
interface TfBuilder<V> {
    /** Starts the TF op {@code type}. */
    TfOpBuilder<V> op(String type);

    /** An int32 vector (shapes, axes, permutations, indices). */
    V ints(int... v);

    /** An int32 tensor of the given shape. */
    V ints(int[] v, long... dims);

    /** An int32 scalar. */
    V intScalar(int v);

    /** A scalar of {@code dtype} (rounded to it). */
    V scalar(double v, DType dtype);

    /** Host data ({@code float[]} or {@code double[]}) as {@code type}. */
    V upload(Object data, TensorType type);

    /**
     * Marks an intermediate value that the kernel does not return (eagerly it is deleted when the
     * call ends; a graph keeps it as an edge).
     */
    V temp(V v);

    /** One op being built. */
    interface TfOpBuilder<V> {
        /** Adds the next input. */
        TfOpBuilder<V> in(V v);

        /** Adds a list input (e.g. ConcatV2's values). */
        TfOpBuilder<V> in(V[] vs);

        /** Sets a boolean attribute. */
        TfOpBuilder<V> attr(String name, boolean value);

        /** Sets a dtype attribute. */
        TfOpBuilder<V> attr(String name, DType value);

        /** Sets a dtype attribute to a TF type code. */
        TfOpBuilder<V> attrType(String name, int tfType);

        /** Finishes the op and returns its single output. */
        V exec();
    }
}
