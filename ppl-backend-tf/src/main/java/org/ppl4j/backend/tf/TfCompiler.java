package org.ppl4j.backend.tf;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextAddFunction;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphToFunction;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphToGraphDef;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.ppl4j.spi.BackendException;
import org.ppl4j.spi.Compiler;
import org.ppl4j.spi.Executable;
import org.ppl4j.spi.Graph;
import org.ppl4j.spi.TensorType;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Function;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Output;

/**
 * Lowers a traced graph to one TF function: every primitive becomes the TF ops {@link TfKernels}
 * gives it (the same ops the eager backend runs), inputs become placeholders, and the function is
 * registered with the eager context, so one run is one {@code TFE_Execute} of it on the context's
 * device, with TF's graph optimizer (grappler) applied to the whole step. Params, slots and data
 * stay where they are between runs: the function reads their handles and returns new ones.
 */
final class TfCompiler implements Compiler {
    /**
     * The system property naming a folder where each compiled program's TF {@code GraphDef} is
     * written, as {@code ppl4j_program_N.pb}, before grappler rewrites it: a diagnostic, for
     * tracing one step's graph in a TF {@code Session} op by op (BENCHMARKS.md).
     */
    static final String DUMP_PROPERTY = "ppl.tf.dumpGraphs";

    private static final AtomicLong NAMES = new AtomicLong();

    private final TfBackend backend;
    private final TfContext tf;

    TfCompiler(TfBackend backend, TfContext tf) {
        this.backend = backend;
        this.tf = tf;
    }

    @Override
    public Executable compile(Graph g) {
        String name = "ppl4j_program_" + NAMES.incrementAndGet();
        TF_Graph graph = TF_NewGraph();
        try (TfCall call = tf.call();
                TfGraphBuilder b = new TfGraphBuilder(graph, call, tf.gpu ? tf.placement : null)) {
            int n = g.nodes().size();
            TF_Output[] v = new TF_Output[n];
            TF_Output inputs = new TF_Output(Math.max(1, g.inputs().size()));
            TF_Output outputs = new TF_Output(Math.max(1, g.outputs().length));
            try {
                for (Graph.Node node : g.nodes()) {
                    v[node.id()] = lower(b, g, node, v);
                    if (node.kind() == Graph.Kind.INPUT) {
                        TF_Output p = v[node.id()];
                        inputs.position(node.input()).oper(p.oper()).index(p.index());
                    }
                }
                int[] outs = g.outputs();
                for (int i = 0; i < outs.length; i++) {
                    TF_Output o = v[outs[i]];
                    outputs.position(i).oper(o.oper()).index(o.index());
                }
                String dump = System.getProperty(DUMP_PROPERTY);
                if (dump != null && !dump.isBlank()) {
                    dumpGraph(graph, Path.of(dump).resolve(name + ".pb"), call);
                }
                TF_Function fn =
                        TF_GraphToFunction(
                                graph,
                                name,
                                (byte) 0,
                                -1,
                                (org.tensorflow.internal.c_api.TF_Operation) null,
                                g.inputs().size(),
                                inputs.position(0),
                                outs.length,
                                outputs.position(0),
                                (org.bytedeco.javacpp.BytePointer) null,
                                null,
                                "a ppl4j compiled program",
                                call.status);
                call.check();
                if (Boolean.getBoolean("ppl.tf.xla")) {
                    byte[] on =
                            org.tensorflow.proto.AttrValue.newBuilder()
                                    .setB(true)
                                    .build()
                                    .toByteArray();
                    try (org.bytedeco.javacpp.BytePointer p =
                            new org.bytedeco.javacpp.BytePointer(on)) {
                        org.tensorflow.internal.c_api.global.tensorflow
                                .TF_FunctionSetAttrValueProto(
                                        fn, "_XlaMustCompile", p, on.length, call.status);
                    }
                    call.check();
                }
                TFE_ContextAddFunction(tf.ctx, fn, call.status);
                call.check();
                return new TfProgram(backend, tf, name, fn, g);
            } finally {
                inputs.close();
                outputs.close();
            }
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackendException(
                    "backend 'tf' could not compile a program of "
                            + g.applyCount()
                            + " primitives: "
                            + (e instanceof TfStatusException ? e.getMessage() : e.toString()),
                    e);
        } finally {
            TF_DeleteGraph(graph);
        }
    }

    private static void dumpGraph(TF_Graph graph, Path file, TfCall call) {
        TF_Buffer buf = TF_NewBuffer();
        try {
            TF_GraphToGraphDef(graph, buf, call.status);
            call.check();
            byte[] bytes = new byte[(int) buf.length()];
            buf.data().capacity(bytes.length).asByteBuffer().get(bytes);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new BackendException(
                    "backend 'tf': -D"
                            + DUMP_PROPERTY
                            + " could not write "
                            + file
                            + " ("
                            + e
                            + "); give it an existing, writable folder, or leave it unset",
                    e);
        } finally {
            TF_DeleteBuffer(buf);
        }
    }

    private static TF_Output lower(TfGraphBuilder b, Graph g, Graph.Node node, TF_Output[] v) {
        return switch (node.kind()) {
            case INPUT -> b.placeholder(node.input(), node.type());
            case CONSTANT -> b.upload(node.constant(), node.type());
            case APPLY -> {
                TF_Output[] args = new TF_Output[node.arity()];
                TensorType[] types = new TensorType[node.arity()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = v[node.arg(i)];
                    types[i] = g.nodes().get(node.arg(i)).type();
                }
                try {
                    yield TfKernels.run(b, node.primitive(), node.attr(), args, types, node.type());
                } catch (RuntimeException e) {
                    throw new BackendException(
                            "backend 'tf' could not lower "
                                    + node.primitive().name()
                                    + " ("
                                    + node.attr()
                                    + ") on "
                                    + java.util.Arrays.toString(types)
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
            }
        };
    }
}
