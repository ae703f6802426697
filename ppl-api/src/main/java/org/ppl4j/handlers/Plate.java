package org.ppl4j.handlers;

import java.util.Arrays;
import java.util.BitSet;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Distribution;
import org.ppl4j.random.Rng;
import org.ppl4j.spi.TensorType;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Tensor;

/**
 * A conditionally independent batch dimension (Pyro's {@code plate}). Inside it, every sample
 * site's distribution is broadcast to have the plate's (sub)size at the plate's batch dim, and a
 * subsampled plate rescales log-densities by {@code size / subsampleSize}.
 *
 * <p>Dims are allocated from the right: the outermost plate without an explicit dim gets -1, the
 * next -2, and so on.
 *
 * <p>On entry the plate sends its indices through the handler stack as a {@link SiteType#SUBSAMPLE}
 * site named after it: a trace records them and a replay of that trace reuses them, so under {@code
 * Svi} the model sees the guide's minibatch.
 *
 * <pre>{@code
 * try (Plate data = plate("data", 60000, 256)) {
 *     Tensor batch = x.gather(0, data.indices());
 *     sample("obs", Bernoulli.probs(p).toEvent(1), batch);
 * }
 * }</pre>
 */
public final class Plate extends Handler {
    private final String name;
    private final int size;
    private final int subsampleSize;
    private final Integer requestedDim;
    private int dim;
    private int[] indices;
    private Tensor indexTensor;

    Plate(String name, int size, int subsampleSize, Integer dim) {
        PplException.nonNull(name, "name", "plate");
        if (size < 1 || subsampleSize < 1 || subsampleSize > size) {
            throw new PplException(
                    "plate '"
                            + name
                            + "': size "
                            + size
                            + " and subsample size "
                            + subsampleSize
                            + " must satisfy 1 <= subsample <= size");
        }
        if (dim != null && dim >= 0) {
            throw new PplException(
                    "plate '"
                            + name
                            + "': dim must be negative (counted from the right), got "
                            + dim);
        }
        this.name = name;
        this.size = size;
        this.subsampleSize = subsampleSize;
        this.requestedDim = dim;
    }

    @Override
    protected void onEnter() {
        BitSet used = new BitSet();
        for (Handler h : HandlerStack.current().handlers) {
            if (h instanceof Plate p && p != this) {
                if (p.name.equals(name)) {
                    throw new PplException(
                            "plate '"
                                    + name
                                    + "' is nested inside a plate of the same name;"
                                    + " give the inner plate another name");
                }
                if (requestedDim != null && p.dim == requestedDim) {
                    throw new PplException(
                            "plates '"
                                    + p.name
                                    + "' and '"
                                    + name
                                    + "' collide at dim="
                                    + requestedDim
                                    + "; try moving the dim of one plate to the left, e.g. dim="
                                    + (requestedDim - 1));
                }
                used.set(-p.dim);
            }
        }
        if (requestedDim != null) {
            dim = requestedDim;
        } else {
            dim = -used.nextClearBit(1);
        }
        if (subsampleSize < size && Dispatch.isTracing()) {
            indices = null;
            indexTensor = chooseIndexTensor();
        } else {
            indices = chooseIndices();
            indexTensor = null;
        }
    }

    /**
     * In a step being compiled the subsample is an input of the program: a feed that draws the
     * indices from the stream at every run (as {@link #chooseIndices} does eagerly), sent through
     * the stack as an int64 tensor so that a replay hands the model the guide's.
     */
    private Tensor chooseIndexTensor() {
        Message m = Message.subsample(name);
        TensorType type = new TensorType(Shape.of(subsampleSize), DType.I64);
        HandlerStack.apply(m, () -> m.indexTensor(Tensor.feed(type, () -> positions(draw()))));
        Tensor idx =
                m.value != null
                        ? m.value
                        : Tensor.of(positions(m.indices), DType.I64, m.indices.length);
        if (!idx.type().equals(type)) {
            throw new PplException(
                    "plate '"
                            + name
                            + "' has subsample size "
                            + subsampleSize
                            + " but was given indices "
                            + idx.type()
                            + "; did you use different subsample sizes in the model and guide?");
        }
        return idx;
    }

    private static double[] positions(int[] idx) {
        double[] d = new double[idx.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = idx[i];
        }
        return d;
    }

    /**
     * Sends the subsample through the handler stack as a site named after the plate (Pyro's {@code
     * _Subsample} site), so a trace records it and replaying that trace (e.g. the guide's into the
     * model) reuses the same minibatch; drawn from the random stream if no handler fixed it.
     */
    private int[] chooseIndices() {
        Message m = Message.subsample(name);
        HandlerStack.apply(m, () -> m.indices = draw());
        int[] idx = m.indices;
        if (idx.length != subsampleSize) {
            throw new PplException(
                    "plate '"
                            + name
                            + "' has subsample size "
                            + subsampleSize
                            + " but was given "
                            + idx.length
                            + " indices; did you use different subsample sizes in the model and"
                            + " guide?");
        }
        for (int i : idx) {
            if (i < 0 || i >= size) {
                throw new PplException(
                        "plate '"
                                + name
                                + "' of size "
                                + size
                                + " was given subsample index "
                                + i
                                + "; did you use different sizes in the model and guide?");
            }
        }
        return idx;
    }

    private int[] draw() {
        if (subsampleSize < size) {
            return Arrays.copyOf(Rng.current().permutation(size), subsampleSize);
        }
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The plate's name. */
    public String name() {
        return name;
    }

    /** The batch dim it owns (negative). */
    public int dim() {
        return dim;
    }

    /** The full size. */
    public int size() {
        return size;
    }

    /** The subsample size in use (equal to size without subsampling). */
    public int subsampleSize() {
        return subsampleSize;
    }

    /**
     * The indices of the subsample (0..size-1 without subsampling).
     *
     * @throws PplException inside a step being compiled, where a subsample is an input of the
     *     program and has no host value: use {@link #indexTensor()}
     */
    public int[] indices() {
        if (indices == null) {
            throw new PplException(
                    "plate '"
                            + name
                            + "': inside a compiled step the subsample indices are an input of"
                            + " the program, unknown while it is traced; select the minibatch with"
                            + " x.indexSelect(0, plate.indexTensor()) instead of"
                            + " x.gather(0, plate.indices()), or run the step eagerly");
        }
        return indices.clone();
    }

    /**
     * The indices of the subsample as an int64 vector, for {@link Tensor#indexSelect}: works
     * eagerly and inside a compiled step, where it is an input fed at every run.
     *
     * <pre>{@code
     * try (Plate data = plate("data", 60000, 256)) {
     *     Tensor batch = x.indexSelect(0, data.indexTensor());
     * }
     * }</pre>
     */
    public Tensor indexTensor() {
        if (indexTensor == null) {
            indexTensor = Tensor.of(positions(indices), DType.I64, indices.length);
        }
        return indexTensor;
    }

    /** This plate as sites see it. */
    public PlateFrame frame() {
        return new PlateFrame(name, dim, size, subsampleSize);
    }

    @Override
    protected void process(Message m) {
        if (m.type != SiteType.SAMPLE) {
            return;
        }
        m.frames.add(0, frame());
        if (subsampleSize < size) {
            m.multiplyScale((double) size / subsampleSize);
        }
        m.fn = broadcast(m.name, m.fn);
    }

    private Distribution broadcast(String site, Distribution fn) {
        Shape batch = fn.batchShape();
        int rank = Math.max(batch.rank(), -dim);
        int[] target = new int[rank];
        Arrays.fill(target, 1);
        for (int i = 0; i < batch.rank(); i++) {
            target[rank - batch.rank() + i] = batch.dim(i);
        }
        int at = rank + dim;
        if (target[at] == 1) {
            target[at] = subsampleSize;
        } else if (target[at] != subsampleSize) {
            throw new PplException(
                    "site '"
                            + site
                            + "': batch shape "
                            + batch
                            + " has size "
                            + target[at]
                            + " at dim "
                            + dim
                            + " but plate '"
                            + name
                            + "' has size "
                            + subsampleSize
                            + "; make that dim match the plate or 1, or move the plate's dim");
        }
        Shape t = Shape.of(target);
        return t.equals(batch) ? fn : fn.expand(target);
    }

    @Override
    protected String describe() {
        return "plate '" + name + "'";
    }
}
