package org.ppl4j.spi;

import java.util.List;

/**
 * A traced program: primitives applied to inputs and constants, in an order where every node comes
 * after its arguments, and the nodes whose values are its outputs. What a {@link Compiler} turns
 * into one executable; backend-neutral, made by the tracing interpreter.
 *
 * @param nodes every node, arguments first; a node's id is its position
 * @param inputs the types of the inputs, fed in this order at every run
 * @param outputs the ids of the output nodes, in the order the executable returns them; each is an
 *     {@link Kind#APPLY} node, so every output is a new buffer
 */
public record Graph(List<Node> nodes, List<TensorType> inputs, int[] outputs) {
    /** Copies the lists so that the graph is immutable. */
    public Graph {
        nodes = List.copyOf(nodes);
        inputs = List.copyOf(inputs);
        outputs = outputs.clone();
    }

    /** The ids of the output nodes, a copy. */
    @Override
    public int[] outputs() {
        return outputs.clone();
    }

    /** What a node is. */
    public enum Kind {
        /** The value fed as input number {@link Node#input()}. */
        INPUT,
        /** Host data fixed when the program was traced ({@link Node#constant()}). */
        CONSTANT,
        /** A primitive applied to earlier nodes. */
        APPLY
    }

    /**
     * One value of the program.
     *
     * @param id its position in {@link Graph#nodes()}
     * @param kind what it is
     * @param primitive for APPLY, the primitive; else null
     * @param attr for APPLY, its attributes; else null
     * @param args for APPLY, the ids of the arguments; else empty
     * @param type the value's shape and dtype
     * @param input for INPUT, the input's position; else -1
     * @param constant for CONSTANT, the row-major data ({@code float[]} or {@code double[]}); else
     *     null
     */
    public record Node(
            int id,
            Kind kind,
            Primitive primitive,
            Attr attr,
            int[] args,
            TensorType type,
            int input,
            Object constant) {
        /** Copies the argument ids. */
        public Node {
            args = args.clone();
        }

        /** The ids of the argument nodes, a copy. */
        @Override
        public int[] args() {
            return args.clone();
        }

        /** The id of argument {@code i}, without copying. */
        public int arg(int i) {
            return args[i];
        }

        /** The number of arguments. */
        public int arity() {
            return args.length;
        }
    }

    /** The number of APPLY nodes (the program's size in primitives). */
    public int applyCount() {
        int n = 0;
        for (Node node : nodes) {
            n += node.kind() == Kind.APPLY ? 1 : 0;
        }
        return n;
    }
}
