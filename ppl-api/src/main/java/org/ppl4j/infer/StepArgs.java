package org.ppl4j.infer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ppl4j.core.PplException;
import org.ppl4j.tensor.Tensor;

/**
 * A step's arguments split the way a compiled step sees them (JAX's pytree flattening): the tensors
 * found in them, in a fixed order, are the program's data inputs, and everything else is static,
 * part of the signature that chooses the program. Tensors are found in a {@code Tensor}, arrays,
 * {@code Iterable}s, {@code Map} values and record components, recursively.
 *
 * @param tensors the tensors, depth first
 * @param signature each tensor's type and each static value, in the same walk
 */
record StepArgs(List<Tensor> tensors, List<Object> signature) {
    static StepArgs of(Object args) {
        List<Tensor> tensors = new ArrayList<>();
        List<Object> signature = new ArrayList<>();
        walk(args, tensors, signature, 0);
        return new StepArgs(tensors, signature);
    }

    private static void walk(Object a, List<Tensor> tensors, List<Object> sig, int depth) {
        if (depth > 32) {
            throw new PplException(
                    "compiled step: the arguments nest more than 32 levels deep (a cycle?); pass"
                            + " tensors in records, arrays, lists or maps");
        }
        if (a instanceof Tensor t) {
            tensors.add(t);
            sig.add(t.type());
        } else if (a instanceof Object[] arr) {
            sig.add("[" + arr.length);
            for (Object o : arr) {
                walk(o, tensors, sig, depth + 1);
            }
        } else if (a instanceof Iterable<?> it) {
            sig.add("(");
            for (Object o : it) {
                walk(o, tensors, sig, depth + 1);
            }
            sig.add(")");
        } else if (a instanceof Map<?, ?> m) {
            sig.add("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sig.add(e.getKey());
                walk(e.getValue(), tensors, sig, depth + 1);
            }
            sig.add("}");
        } else if (a instanceof Record r) {
            sig.add(r.getClass());
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                walk(component(r, c), tensors, sig, depth + 1);
            }
        } else {
            sig.add(a); // a static argument: compared by equals, frozen into the program
        }
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new PplException(
                    "compiled step: cannot read component '"
                            + c.getName()
                            + "' of "
                            + r.getClass().getName()
                            + " ("
                            + e
                            + "); make the record public or pass its tensors directly",
                    e);
        }
    }
}
