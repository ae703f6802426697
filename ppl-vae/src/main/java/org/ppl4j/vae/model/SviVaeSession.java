package org.ppl4j.vae.model;

import static org.ppl4j.Ppl.module;

import com.google.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.infer.Svi;
import org.ppl4j.infer.TraceElbo;
import org.ppl4j.io.SafeTensors;
import org.ppl4j.optim.Adam;
import org.ppl4j.optim.Checkpoint;
import org.ppl4j.optim.Optimizer;
import org.ppl4j.params.ParamStore;
import org.ppl4j.random.Rng;
import org.ppl4j.random.RowKeys;
import org.ppl4j.spi.Backend;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.vae.VaeSession;
import org.ppl4j.vae.VaeSettings;
import org.ppl4j.vae.mnist.MnistSplit;

/**
 * The VAE of Pyro's tutorial trained by {@link Svi} with {@link TraceElbo} and {@link Adam}: the
 * numeric side of the app. The session installs its own param store and random stream in the
 * calling thread's {@link PplContext} and turns distribution validation off, as the tutorial does.
 *
 * <p>With keyed noise ({@link VaeSettings#keyedNoise()}, or a checkpoint written with it) each
 * training step draws an image's noise from the stream keyed by (seed, step, image id) ({@link
 * Handlers#keyedNoise}): what data-parallel training computes, so this session and a distributed
 * one continue each other's runs. Evaluation draws from the run's stream either way.
 */
public final class SviVaeSession implements VaeSession {
    /** The system property that makes compiled steps replay instead of compiling. */
    public static final String REPLAY_PROPERTY = "ppl.jit.replay";

    /** The prefix of the caller's app state among the checkpoint's extra keys. */
    private static final String APP = "app/";

    /** The checkpoint key that records keyed noise (absent: the run's stream). */
    private static final String NOISE = "noise";

    /** The name of the VAE's data plate. */
    private static final String DATA = "data";

    private final Backend backend;
    private final VaeSettings settings;
    private final Vae vae;
    private final ParamStore store = new ParamStore();
    private final Svi<Tensor> svi;
    private final ParamStore previousStore;
    private boolean keyed;

    /** A fresh session (parameters are drawn on the first step, from the seeded stream). */
    @Inject
    public SviVaeSession(Backend backend, VaeSettings settings) {
        this.backend = backend;
        this.settings = settings;
        this.vae = new Vae(settings.zDim(), settings.hidden(), DType.F32);
        PplContext ctx = PplContext.current();
        this.previousStore = ctx.paramStore(store);
        ctx.rng(new Rng(settings.seed()));
        ctx.validationEnabled(false);
        Svi<Tensor> eager =
                new Svi<>(
                        vae::model, vae::guide, new Adam(settings.learningRate()), new TraceElbo());
        // -Dppl.jit.replay=true replays the traced step op by op even where the backend has a
        // compiler: a diagnostic for comparing the two (the bench command's replay mode).
        this.svi =
                compiles(settings) ? eager.compiled(0, Boolean.getBoolean(REPLAY_PROPERTY)) : eager;
        this.keyed = Boolean.TRUE.equals(settings.keyedNoise());
    }

    /**
     * Whether steps are compiled: as the settings say, else yes on every backend (one with a
     * compiler runs one program per step, another replays the traced primitives, which measured no
     * slower than eager steps).
     */
    static boolean compiles(VaeSettings settings) {
        return settings.jit() == null || settings.jit();
    }

    /** Whether this session's steps are compiled. */
    public boolean isCompiled() {
        return svi.isCompiled();
    }

    @Override
    public int zDim() {
        return settings.zDim();
    }

    @Override
    public double trainStep(float[] images, int n) {
        if (keyed) {
            throw new PplException(
                    "this session draws keyed noise, which needs the images' ids; call"
                            + " trainStep(split, order, from, to)");
        }
        try (TensorScope scope = new TensorScope(backend)) {
            return svi.step(Tensor.of(images, n, Vae.PIXELS));
        }
    }

    /** With keyed noise, the step draws under the keys of the minibatch's image ids. */
    @Override
    public double trainStep(MnistSplit split, int[] order, int from, int to) {
        if (!keyed) {
            return VaeSession.super.trainStep(split, order, from, to);
        }
        int[] rows = Arrays.copyOfRange(order, from, to);
        long seed = PplContext.current().rng().seed();
        RowKeys keys = new RowKeys(DATA, seed, svi.optimizer().stepsTaken(), rows, false);
        try (TensorScope scope = new TensorScope(backend);
                var keyedNoise = Handlers.keyedNoise(keys)) {
            return svi.step(Tensor.of(split.images(order, from, to), to - from, Vae.PIXELS));
        }
    }

    /** Whether training steps draw keyed noise (after a restore: as the checkpoint said). */
    public boolean keyedNoise() {
        return keyed;
    }

    /**
     * The optimizer, whose state checkpoints carry: a distributed session steps it with the summed
     * gradients of its shards.
     */
    public Optimizer optimizer() {
        return svi.optimizer();
    }

    @Override
    public double evaluate(float[] images, int n) {
        try (TensorScope scope = new TensorScope(backend)) {
            return svi.evaluateLoss(Tensor.of(images, n, Vae.PIXELS));
        }
    }

    @Override
    public int[] permutation(int n) {
        return PplContext.current().rng().permutation(n);
    }

    @Override
    public float[] samplePrior(int n) {
        try (TensorScope scope = new TensorScope(backend)) {
            return PplContext.current()
                    .rng()
                    .normal(Shape.of(n, settings.zDim()), DType.F32)
                    .toFloatArray();
        }
    }

    @Override
    public float[] decode(float[] z, int n) {
        try (TensorScope scope = new TensorScope(backend);
                var noGrad = Autodiff.noGrad()) {
            module("decoder", vae.decoder());
            return vae.decoder().forward(Tensor.of(z, n, settings.zDim())).toFloatArray();
        }
    }

    @Override
    public float[] reconstruct(float[] images, int n) {
        try (TensorScope scope = new TensorScope(backend);
                var noGrad = Autodiff.noGrad()) {
            module("encoder", vae.encoder());
            module("decoder", vae.decoder());
            return vae.reconstructImg(Tensor.of(images, n, Vae.PIXELS)).toFloatArray();
        }
    }

    @Override
    public float[] encodeMeans(float[] images, int n) {
        try (TensorScope scope = new TensorScope(backend);
                var noGrad = Autodiff.noGrad()) {
            module("encoder", vae.encoder());
            return vae.encoder().forward(Tensor.of(images, n, Vae.PIXELS))[0].toFloatArray();
        }
    }

    @Override
    public void seed(long seed) {
        PplContext.current().rng(new Rng(seed));
    }

    @Override
    public void saveCheckpoint(Path file, int epoch, Map<String, String> appState) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("epoch", Integer.toString(epoch));
        extra.put("rng", Checkpoint.encodeLongs(PplContext.current().rng().state()));
        extra.put("zDim", Integer.toString(settings.zDim()));
        extra.put("hidden", Integer.toString(settings.hidden()));
        extra.put("backend", backend.name());
        if (keyed) {
            extra.put(NOISE, "keyed");
        }
        appState.forEach((k, v) -> extra.put(APP + k, v));
        try (TensorScope scope = new TensorScope(backend)) {
            Checkpoint.save(file, store, svi.optimizer(), extra);
        }
    }

    @Override
    public Loaded restore(Path file) {
        SafeTensors checkpoint = SafeTensors.read(file);
        Map<String, String> meta = checkpoint.metadata();
        checkSetting(file, meta, "zDim", settings.zDim());
        checkSetting(file, meta, "hidden", settings.hidden());
        // Checked before anything is loaded, so a bad file leaves the session as it was.
        int epoch = parseInt(file, "epoch", required(file, meta, "epoch"));
        long[] rng;
        try {
            rng = Checkpoint.decodeLongs(required(file, meta, "rng"));
        } catch (PplException e) {
            throw new PplException(file + ": key extra/rng is not a random stream state", e);
        }
        try (TensorScope scope = new TensorScope(backend)) {
            Checkpoint.load(checkpoint, store, svi.optimizer());
        }
        PplContext.current().rng(Rng.restore(rng));
        keyed =
                settings.keyedNoise() != null
                        ? settings.keyedNoise()
                        : "keyed".equals(meta.get("extra/" + NOISE));
        Map<String, String> app = new LinkedHashMap<>();
        meta.forEach(
                (k, v) -> {
                    if (k.startsWith("extra/" + APP)) {
                        app.put(k.substring(("extra/" + APP).length()), v);
                    }
                });
        return new Loaded(epoch, app);
    }

    private static String required(Path file, Map<String, String> meta, String key) {
        String v = meta.get("extra/" + key);
        if (v == null) {
            throw new PplException(
                    file
                            + " is not a VAE checkpoint of this app: it has no key extra/"
                            + key
                            + "; resume from a checkpoint this app wrote");
        }
        return v;
    }

    private static int parseInt(Path file, String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new PplException(
                    file + ": key extra/" + key + " is '" + value + "', not an integer", e);
        }
    }

    private static void checkSetting(Path file, Map<String, String> meta, String key, int mine) {
        int theirs = parseInt(file, key, required(file, meta, key));
        if (theirs != mine) {
            throw new PplException(
                    file
                            + " was trained with "
                            + key
                            + " = "
                            + theirs
                            + " but this run has "
                            + key
                            + " = "
                            + mine
                            + "; pass --"
                            + (key.equals("zDim") ? "z-dim" : key)
                            + " "
                            + theirs);
        }
    }

    @Override
    public void close() {
        svi.releasePrograms();
        PplContext.current().paramStore(previousStore);
        svi.optimizer().close();
        store.close();
    }
}
