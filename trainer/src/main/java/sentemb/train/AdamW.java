package sentemb.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import sentemb.model.Scalars;
import sentemb.recipe.Recipe.Optimizer.Variant;

/**
 * AdamW over a fixed list of {@link TrainableParam}s, written on NDArrays because DJL's own
 * optimizers bump their step count once per device and clip element-wise (DESIGN.md §4).
 *
 * <p>{@link Variant#TORCH} is {@code torch.optim.AdamW} (torch 1.13 / 2.0,
 * {@code _single_tensor_adamw}), per parameter and step t (counted once per {@link #step} call):
 * <pre>
 *   param.mul_(1 - lr * weight_decay)
 *   exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
 *   exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
 *   step_size = lr / (1 - beta1 ** t)
 *   denom = (exp_avg_sq.sqrt() / math.sqrt(1 - beta2 ** t)).add_(eps)
 *   param.addcdiv_(exp_avg, denom, value=-step_size)
 * </pre>
 * {@link Variant#HF_LEGACY} is {@code transformers.AdamW} ({@code optim="adamw_hf"}), the HF
 * Trainer default until transformers PR #25109 (July 2023), so most likely what the reference
 * (kongds/scaling_sentemb, transformers pinned to a mid-2023 commit) ran: eps is added before
 * the bias correction and weight decay comes after the update:
 * <pre>
 *   denom = exp_avg_sq.sqrt().add_(eps)
 *   step_size = lr * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
 *   p.addcdiv_(exp_avg, denom, value=-step_size)
 *   if weight_decay &gt; 0: p.add_(p, alpha=-lr * weight_decay)
 * </pre>
 * Weight decay applies only to parameters whose {@link TrainableParam#weightDecay()} is true
 * (HF Trainer puts the others in a group with weight_decay 0). Defaults are the HF Trainer's:
 * betas (0.9, 0.999), eps 1e-8, weight decay 0.
 *
 * <p>On the CPU the update runs as {@link AdamWLoop}: one pass of Java arithmetic over the
 * weights', gradients' and moments' own memory, the same roundings as the op sequence below with
 * an IEEE square root. Elsewhere (GPUs) it runs op by op, as follows.
 *
 * <p>The update is fused across parameters ({@link FlatChunks}): the state of each chunk of
 * parameters (one device, one decay flag, up to {@value #DEFAULT_CHUNK_ELEMENTS} elements) lives
 * in one flat exp_avg and one flat exp_avg_sq buffer, the chunk's gradients are copied into one
 * flat buffer (one {@code copy_} each; a chunk of one parameter reads its gradient directly), and
 * the element-wise formula runs op by op, as before, on the whole chunk; only the final
 * {@code param += update} (and the decay) is one op per parameter, because the weights are the
 * model's own arrays. Element-wise ops compute every element alone, so the result is
 * bit-identical to the per-parameter update ({@code AdamWFusedTest}). Updates run in place on
 * detached aliases of the weights (made once), so no autograd graph is built even inside a
 * GradientCollector; per chunk and step the only new array is {@code sqrt(v)}. The state lives in
 * a sub-manager of the first parameter's manager, freed by {@link #close()}.
 */
public final class AdamW implements AutoCloseable {

    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    /** State key of the step count; per-parameter keys are {@code <param>.exp_avg} / {@code <param>.exp_avg_sq}. */
    public static final String STEP_KEY = "step";
    public static final String EXP_AVG_SUFFIX = ".exp_avg";
    public static final String EXP_AVG_SQ_SUFFIX = ".exp_avg_sq";
    /** Elements per fused chunk: small enough for the scratch and gather buffers, large enough that the calls don't matter. */
    public static final long DEFAULT_CHUNK_ELEMENTS = 1L << 22;

    private final List<TrainableParam> params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Variant variant;
    /** The most elements of a fused chunk, and of one square-root temporary. */
    private final long chunkElements;
    private final NDManager stateManager;
    /** Per parameter, a detached alias of its weight (shares its storage; made once). */
    private final NDArray[] weights;
    /** Per parameter, its shaped view of its chunk's flat state (what {@link #stateDict} reads and writes). */
    private final NDArray[] expAvg;
    private final NDArray[] expAvgSq;
    private final List<ChunkState> chunks;
    /** Whether the update runs as one Java pass over CPU memory ({@link AdamWLoop}) instead of op by op. */
    private final boolean javaLoop;
    private final NDArray beta1Scalar;
    private final NDArray oneMinusBeta1Scalar;
    private final NDArray beta2Scalar;
    private final NDArray oneMinusBeta2Scalar;
    private final NDArray epsScalar;
    private long step;

    /** HF Trainer defaults (betas 0.9/0.999, eps 1e-8), torch formula. */
    public AdamW(List<TrainableParam> params, double weightDecay) {
        this(params, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, weightDecay, Variant.TORCH);
    }

    /**
     * HF Trainer defaults, torch formula, updated op by op on any device as torch's own AdamW
     * is (the benchmark's Hugging Face-style reference step), never by {@link AdamWLoop}.
     */
    public static AdamW opByOp(List<TrainableParam> params, double weightDecay) {
        return new AdamW(params, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, weightDecay, Variant.TORCH,
                DEFAULT_CHUNK_ELEMENTS, true);
    }

    public AdamW(List<TrainableParam> params, double beta1, double beta2, double eps, double weightDecay,
            Variant variant) {
        this(params, beta1, beta2, eps, weightDecay, variant, DEFAULT_CHUNK_ELEMENTS);
    }

    /** {@code chunkElements}: the most elements one fused chunk holds (tests use small ones). */
    AdamW(List<TrainableParam> params, double beta1, double beta2, double eps, double weightDecay,
            Variant variant, long chunkElements) {
        this(params, beta1, beta2, eps, weightDecay, variant, chunkElements, false);
    }

    /** {@code engineOps}: update op by op even where {@link AdamWLoop} could (tests compare the two). */
    AdamW(List<TrainableParam> params, double beta1, double beta2, double eps, double weightDecay,
            Variant variant, long chunkElements, boolean engineOps) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("AdamW needs at least one trainable parameter");
        }
        requireInRange("beta1", beta1, 0, 1);
        requireInRange("beta2", beta2, 0, 1);
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("AdamW eps must be finite and >= 0, got " + eps);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("AdamW weight_decay must be finite and >= 0, got " + weightDecay);
        }
        Set<String> names = new HashSet<>();
        for (TrainableParam p : params) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("AdamW: parameter name '" + p.name() + "' appears twice");
            }
            if (p.name().equals(STEP_KEY)) {
                throw new IllegalArgumentException("AdamW: parameter name '" + STEP_KEY + "' clashes with the state key");
            }
        }
        this.params = List.copyOf(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.variant = variant;
        this.stateManager = params.get(0).array().getManager().newSubManager();
        int n = this.params.size();
        this.weights = new NDArray[n];
        this.expAvg = new NDArray[n];
        this.expAvgSq = new NDArray[n];
        List<FlatChunks.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TrainableParam p = this.params.get(i);
            // the decay flag of a chunk only matters when decay is on; with it off, one group per device
            entries.add(new FlatChunks.Entry(p.array().getDevice(), p.weightDecay() && weightDecay > 0, p.shape().size()));
            weights[i] = p.array().stopGradient();
            weights[i].attach(stateManager);
        }
        this.chunkElements = chunkElements;
        this.javaLoop = !engineOps && this.params.stream().allMatch(p -> AdamWLoop.accepts(p.array()));
        this.chunks = buildChunks(FlatChunks.of(entries, chunkElements));
        NDArray like = expAvg[0];
        this.beta1Scalar = Scalars.of(like, beta1);
        this.oneMinusBeta1Scalar = Scalars.of(like, 1 - beta1);
        this.beta2Scalar = Scalars.of(like, beta2);
        this.oneMinusBeta2Scalar = Scalars.of(like, 1 - beta2);
        this.epsScalar = Scalars.of(like, eps);
    }

    /**
     * Per chunk: flat state, a view of the device's scratch buffer (the largest chunk's size) and,
     * for chunks of several parameters, a view of the device's gather buffer (the largest such
     * chunk's size). A chunk of one parameter keeps its state in the parameter's shape and reads
     * the gradient it is given.
     */
    private List<ChunkState> buildChunks(FlatChunks layout) {
        Map<Device, Long> scratchSize = new LinkedHashMap<>();
        Map<Device, Long> gatherSize = new LinkedHashMap<>();
        for (FlatChunks.Chunk c : layout.chunks()) {
            scratchSize.merge(c.device(), c.size(), Math::max);
            if (!c.single()) {
                gatherSize.merge(c.device(), c.size(), Math::max);
            }
        }
        Map<Device, NDArray> scratchBuffers = new LinkedHashMap<>();
        Map<Device, NDArray> gatherBuffers = new LinkedHashMap<>();
        if (!javaLoop) { // the Java loop needs neither: it reads each gradient where it is
            scratchSize.forEach((d, size) -> scratchBuffers.put(d, stateManager.zeros(new Shape(size), DataType.FLOAT32, d)));
            gatherSize.forEach((d, size) -> gatherBuffers.put(d, stateManager.zeros(new Shape(size), DataType.FLOAT32, d)));
        }
        List<ChunkState> out = new ArrayList<>();
        for (FlatChunks.Chunk c : layout.chunks()) {
            int k = c.members().length;
            NDArray[] scratchViews = new NDArray[k];
            NDArray[] gatherViews = c.single() ? null : new NDArray[k];
            NDArray m;
            NDArray v;
            NDArray s = null;
            NDArray g = null;
            if (c.single()) {
                int i = c.members()[0];
                Shape shape = params.get(i).shape();
                m = stateManager.zeros(shape, DataType.FLOAT32, c.device());
                v = stateManager.zeros(shape, DataType.FLOAT32, c.device());
                s = javaLoop ? null : slice(scratchBuffers.get(c.device()), 0, c.size(), shape);
                expAvg[i] = m;
                expAvgSq[i] = v;
                scratchViews[0] = s;
            } else {
                Shape flat = new Shape(c.size());
                m = stateManager.zeros(flat, DataType.FLOAT32, c.device());
                v = stateManager.zeros(flat, DataType.FLOAT32, c.device());
                if (!javaLoop) {
                    s = slice(scratchBuffers.get(c.device()), 0, c.size(), flat);
                    g = slice(gatherBuffers.get(c.device()), 0, c.size(), flat);
                }
                for (int j = 0; j < k; j++) {
                    int i = c.members()[j];
                    Shape shape = params.get(i).shape();
                    long off = c.offsets()[j];
                    expAvg[i] = slice(m, off, shape.size(), shape);
                    expAvgSq[i] = slice(v, off, shape.size(), shape);
                    if (!javaLoop) {
                        scratchViews[j] = slice(s, off, shape.size(), shape);
                        gatherViews[j] = slice(g, off, shape.size(), shape);
                    }
                }
            }
            out.add(new ChunkState(c, m, v, s, g, scratchViews, gatherViews));
        }
        return List.copyOf(out);
    }

    /** A view of {@code length} elements of the 1-d {@code flat} from {@code offset}, shaped {@code shape}. */
    private static NDArray slice(NDArray flat, long offset, long length, Shape shape) {
        try (NDArray part = flat.get(new NDIndex(offset + ":" + (offset + length)))) {
            return part.reshape(shape);
        }
    }

    /** One fused chunk's arrays: flat state, scratch and gathered gradients, and their per-parameter views. */
    private record ChunkState(FlatChunks.Chunk layout, NDArray expAvg, NDArray expAvgSq, NDArray scratch,
            NDArray gathered, NDArray[] scratchViews, NDArray[] gatherViews) {}

    private static void requireInRange(String what, double v, double lo, double hiExclusive) {
        if (!(v >= lo && v < hiExclusive)) {
            throw new IllegalArgumentException("AdamW " + what + " must be in [" + lo + ", " + hiExclusive + "), got " + v);
        }
    }

    /**
     * Whether a parameter is exempt from weight decay under the HF Trainer rule: its name
     * contains {@code bias} (HF: {@code [n for n in decay_parameters if "bias" not in n]}), or it
     * belongs to a normalisation module (HF excludes {@code nn.LayerNorm} modules by type; here by
     * the module name: the segment before the last {@code .} ends in {@code layer_norm} /
     * {@code layernorm}, is {@code norm}, or is a GPT-2 style {@code ln_*}). Covers OPT's
     * {@code self_attn_layer_norm.weight}, {@code final_layer_norm.weight} and their biases.
     */
    public static boolean noDecay(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("bias")) {
            return true;
        }
        int dot = lower.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String module = lower.substring(0, dot);
        String last = module.substring(module.lastIndexOf('.') + 1);
        return last.endsWith("layer_norm") || last.endsWith("layernorm") || last.equals("norm")
                || last.startsWith("ln_");
    }

    public List<TrainableParam> params() {
        return params;
    }

    /** Number of completed {@link #step} calls (torch's {@code state["step"]}). */
    public long stepCount() {
        return step;
    }

    public Variant variant() {
        return variant;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** One update with each parameter's accumulated autograd gradient. */
    public void step(double lr) {
        List<NDArray> grads = new ArrayList<>(params.size());
        try {
            for (TrainableParam p : params) {
                grads.add(p.gradient());
            }
            step(lr, grads);
        } finally {
            for (NDArray g : grads) {
                g.close();
            }
        }
    }

    /**
     * One update with explicit gradients, {@code grads.get(i)} for {@code params().get(i)}
     * (e.g. replica gradients summed into a master copy). The gradients are only read.
     */
    public void step(double lr, List<NDArray> grads) {
        step(lr, grads, 1f);
    }

    /**
     * {@link #step(double, List)} with every gradient multiplied by {@code gradScale} first
     * (gradient clipping's coefficient, {@link GradClipping#coefficient}): the values are those of
     * {@code g.muli(gradScale)} on each gradient, but a chunk's gathered gradients are scaled by
     * one op instead of one per parameter. The gradient of a chunk of one parameter is scaled in
     * place, so the given gradients are no longer to be used afterwards when {@code gradScale != 1}.
     */
    public void step(double lr, List<NDArray> grads, float gradScale) {
        if (!(gradScale >= 0) || Float.isInfinite(gradScale)) {
            throw new IllegalArgumentException("AdamW gradient scale must be finite and >= 0, got " + gradScale);
        }
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("AdamW learning rate must be finite and >= 0, got " + lr);
        }
        if (grads.size() != params.size()) {
            throw new IllegalArgumentException("AdamW.step: " + grads.size() + " gradients for "
                    + params.size() + " parameters");
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray g = grads.get(i);
            TrainableParam p = params.get(i);
            if (g == null || !g.getShape().equals(p.shape()) || g.getDataType() != DataType.FLOAT32
                    || !g.getDevice().equals(p.array().getDevice())) {
                throw new IllegalArgumentException("AdamW.step: gradient for '" + p.name() + "' must be float32 "
                        + p.shape() + " on " + p.array().getDevice() + ", got "
                        + (g == null ? "null" : g.getDataType() + " " + g.getShape() + " on " + g.getDevice()));
            }
        }
        step++;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        if (javaLoop) {
            AdamWLoop.update(loopTensors(grads), coefficients(lr, biasCorrection1, biasCorrection2, gradScale));
            return;
        }
        try (StepScalars k = new StepScalars(lr, biasCorrection1, biasCorrection2)) {
            for (ChunkState c : chunks) {
                NDArray g = gradientOf(c, grads);
                if (gradScale != 1f) {
                    g.muli(k.gradScale(gradScale, g));
                }
                update(c, g, k);
            }
        }
    }

    private List<AdamWLoop.Tensors> loopTensors(List<NDArray> grads) {
        List<AdamWLoop.Tensors> out = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            NDArray g = grads.get(i);
            if (!AdamWLoop.accepts(g)) {
                throw new IllegalArgumentException("AdamW.step: gradient for '" + params.get(i).name()
                        + "' must be a float32 CPU array like its parameter, got " + g.getDataType() + " on " + g.getDevice());
            }
            out.add(new AdamWLoop.Tensors(weights[i], g, expAvg[i], expAvgSq[i],
                    params.get(i).weightDecay() && weightDecay > 0));
        }
        return out;
    }

    /** The same float32 constants as {@link StepScalars} holds for the op-by-op path. */
    private AdamWLoop.Coefficients coefficients(double lr, double biasCorrection1, double biasCorrection2,
            float gradScale) {
        boolean torch = variant == Variant.TORCH;
        float decayFactor = torch ? (float) (1 - lr * weightDecay) : (float) (-lr * weightDecay);
        double stepSize = torch ? lr / biasCorrection1 : lr * Math.sqrt(biasCorrection2) / biasCorrection1;
        return new AdamWLoop.Coefficients((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
                (float) eps, torch ? (float) Math.sqrt(biasCorrection2) : 1f, (float) -stepSize, decayFactor, gradScale,
                torch);
    }

    /** The chunk's gradient: a chunk of one parameter reads it as given, a larger one gathers its members'. */
    private static NDArray gradientOf(ChunkState c, List<NDArray> grads) {
        int[] members = c.layout().members();
        if (c.layout().single()) {
            return grads.get(members[0]);
        }
        for (int j = 0; j < members.length; j++) {
            InPlaceCopy.copy(c.gatherViews()[j], grads.get(members[j]));
        }
        return c.gathered();
    }

    private void update(ChunkState c, NDArray g, StepScalars k) {
        NDArray m = c.expAvg();
        NDArray v = c.expAvgSq();
        NDArray s = c.scratch();
        int[] members = c.layout().members();
        boolean decay = c.layout().decay();
        // Each line is one op of the per-parameter formula, in the same order, so every element
        // is rounded exactly as before; `s` (a view of a buffer shared by all chunks) stands in
        // for the temporaries, and only sqrt(v) allocates (DJL has no in-place sqrt), at most a chunk's size at a time.
        // AdamWInPlaceTest checks bit-identity with the former out-of-place formula,
        // AdamWFusedTest with the per-parameter update.
        if (variant == Variant.TORCH && decay) {
            for (int i : members) {
                weights[i].muli(k.decayFactor);
            }
        }
        m.muli(beta1Scalar);
        InPlaceCopy.copy(s, g);
        s.muli(oneMinusBeta1Scalar);
        m.addi(s);
        v.muli(beta2Scalar);
        InPlaceCopy.copy(s, g);
        s.muli(g);
        s.muli(oneMinusBeta2Scalar);
        v.addi(s);
        InPlaceCopy.copy(s, m);
        long n = c.layout().size();
        if (n <= chunkElements) {
            divideByDenominator(s, v, k);
        } else {
            // A parameter larger than a chunk (an embedding matrix) gets its denominator slice by
            // slice: sqrt(v) of a whole 38.6 M-float matrix is a fresh 154 MB allocation per step,
            // which glibc maps anew and the kernel faults in and zeroes (60-325 ms measured), while
            // chunk-sized temporaries are recycled from the heap (about 25 ms for the same work).
            try (NDArray vFlat = v.reshape(n); NDArray sFlat = s.reshape(n)) {
                for (long from = 0; from < n; from += chunkElements) {
                    NDIndex range = new NDIndex(from + ":" + Math.min(n, from + chunkElements));
                    try (NDArray vPart = vFlat.get(range); NDArray sPart = sFlat.get(range)) {
                        divideByDenominator(sPart, vPart, k);
                    }
                }
            }
        }
        s.muli(k.negStepSize);
        for (int j = 0; j < members.length; j++) {
            weights[members[j]].addi(c.scratchViews()[j]);
        }
        if (variant == Variant.HF_LEGACY && decay) {
            for (int j = 0; j < members.length; j++) {
                InPlaceCopy.copy(c.scratchViews()[j], weights[members[j]]);
            }
            s.muli(k.decayFactor);
            for (int j = 0; j < members.length; j++) {
                weights[members[j]].addi(c.scratchViews()[j]);
            }
        }
    }

    /** {@code s /= sqrt(v) (/ sqrt(bias correction 2)) + eps}, element by element as the formula rounds it. */
    private void divideByDenominator(NDArray s, NDArray v, StepScalars k) {
        try (NDArray denom = v.sqrt()) {
            if (variant == Variant.TORCH) {
                denom.divi(k.sqrtBiasCorrection2);
            }
            denom.addi(epsScalar);
            s.divi(denom);
        }
    }

    /**
     * The step's scalar operands, float32 on the parameters' device, created once per step
     * (not once per parameter and op, as {@code muli(Number)} would) and closed with it.
     */
    private final class StepScalars implements AutoCloseable {
        private final NDManager scope = stateManager.newSubManager();
        /** TORCH: {@code 1 - lr*wd} (multiplied in); HF_LEGACY: {@code -lr*wd} (scaled copy added). */
        final NDArray decayFactor;
        final NDArray sqrtBiasCorrection2;
        final NDArray negStepSize;
        /** Made by the first {@link #gradScale} call of the step (only when clipping scales). */
        private NDArray gradScale;

        StepScalars(double lr, double biasCorrection1, double biasCorrection2) {
            double stepSize;
            if (variant == Variant.TORCH) {
                decayFactor = scalar((float) (1 - lr * weightDecay));
                stepSize = lr / biasCorrection1;
            } else {
                decayFactor = scalar((float) (-lr * weightDecay));
                stepSize = lr * Math.sqrt(biasCorrection2) / biasCorrection1;
            }
            sqrtBiasCorrection2 = scalar((float) Math.sqrt(biasCorrection2));
            negStepSize = scalar((float) -stepSize);
        }

        private NDArray scalar(float value) {
            return scope.create(value);
        }

        /** The gradient scale as a float32 scalar on {@code like}'s device, made once per step. */
        NDArray gradScale(float value, NDArray like) {
            if (gradScale == null || !gradScale.getDevice().equals(like.getDevice())) {
                gradScale = like.getManager().create(value);
                gradScale.attach(scope);
            }
            return gradScale;
        }

        @Override
        public void close() {
            scope.close();
        }
    }

    /**
     * A copy of the optimizer state, keyed {@code <param>.exp_avg}, {@code <param>.exp_avg_sq}
     * (float32, the parameter's shape) and {@code step} (int64, shape (1)), in parameter order,
     * attached to {@code target}: ready for {@code NDList.encode(SAFETENSORS)}.
     */
    public Map<String, NDArray> stateDict(NDManager target) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).name();
            out.put(name + EXP_AVG_SUFFIX, copyTo(expAvg[i], target));
            out.put(name + EXP_AVG_SQ_SUFFIX, copyTo(expAvgSq[i], target));
        }
        out.put(STEP_KEY, target.create(new long[] {step}));
        return out;
    }

    private static NDArray copyTo(NDArray a, NDManager target) {
        NDArray copy = a.duplicate();
        copy.attach(target);
        return copy;
    }

    /**
     * Replaces the state with a copy of {@code state} (as written by {@link #stateDict}). Every
     * key must be present with the right shape, and no other key may be present.
     *
     * @param source names the file the state came from, for error messages
     */
    public void loadStateDict(Map<String, NDArray> state, String source) {
        Set<String> expected = new HashSet<>();
        expected.add(STEP_KEY);
        for (TrainableParam p : params) {
            expected.add(p.name() + EXP_AVG_SUFFIX);
            expected.add(p.name() + EXP_AVG_SQ_SUFFIX);
        }
        for (String key : state.keySet()) {
            if (!expected.contains(key)) {
                throw new IllegalArgumentException(source + ": optimizer state has unexpected tensor '" + key
                        + "' (no such trainable parameter)");
            }
        }
        for (String key : expected) {
            if (!state.containsKey(key)) {
                throw new IllegalArgumentException(source + ": optimizer state lacks tensor '" + key + "'");
            }
        }
        NDArray stepArray = state.get(STEP_KEY);
        boolean numeric = stepArray.getDataType().isInteger() || stepArray.getDataType().isFloating();
        if (stepArray.size() != 1 || !numeric) {
            throw new IllegalArgumentException(source + ": optimizer state '" + STEP_KEY
                    + "' must hold one number, got " + stepArray.getDataType() + " " + stepArray.getShape());
        }
        double stepValue = stepArray.toArray()[0].doubleValue();
        if (!(stepValue >= 0) || stepValue != Math.rint(stepValue)) {
            throw new IllegalArgumentException(source + ": optimizer state '" + STEP_KEY
                    + "' must be a whole number >= 0, got " + stepValue);
        }
        long loadedStep = (long) stepValue;
        // check every tensor before writing any, so a bad file leaves the state as it was
        for (TrainableParam p : params) {
            checkShape(state.get(p.name() + EXP_AVG_SUFFIX), p, p.name() + EXP_AVG_SUFFIX, source);
            checkShape(state.get(p.name() + EXP_AVG_SQ_SUFFIX), p, p.name() + EXP_AVG_SQ_SUFFIX, source);
        }
        for (int i = 0; i < params.size(); i++) {
            TrainableParam p = params.get(i);
            InPlaceCopy.copy(expAvg[i], state.get(p.name() + EXP_AVG_SUFFIX));
            InPlaceCopy.copy(expAvgSq[i], state.get(p.name() + EXP_AVG_SQ_SUFFIX));
        }
        step = loadedStep;
    }

    private static void checkShape(NDArray a, TrainableParam p, String key, String source) {
        Shape want = p.shape();
        if (!a.getShape().equals(want) || a.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(source + ": optimizer state '" + key + "' must be float32 " + want
                    + ", got " + a.getDataType() + " " + a.getShape());
        }
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
