package sentemb.model.llama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import sentemb.model.DecoderFamily;
import sentemb.model.DecoderModel;
import sentemb.model.EmbeddingLookup;
import sentemb.model.LinearSlot;
import sentemb.model.PackedBatch;
import sentemb.model.ParamRegistry;
import sentemb.model.Pooling;
import sentemb.model.Scalars;

/**
 * The LLaMA-family decoder (LLaMA, Mistral, Qwen2) as DJL blocks, ending with the final
 * {@code norm}; there is no LM head. Positions come from the attention mask
 * ({@code cumsum(mask) − 1}; in a packed batch each token's index in its sequence), so a sentence's embedding does not
 * depend on how much left padding its batch adds. Transformers' plain forward uses
 * {@code arange} positions instead; rotary embeddings see only relative positions, so the
 * two agree up to rounding (the reference script checks it).
 */
public final class LlamaModel extends AbstractBlock implements DecoderModel {
    private final LlamaConfig config;
    private final ParamRegistry registry = new ParamRegistry();
    private final NDManager manager;
    private final DataType dtype;
    private final Parameter embedTokens;
    private final List<LlamaDecoderLayer> layers = new ArrayList<>();
    private final RmsNormLayer norm;
    private final RotaryEmbedding rotary;

    /** Builds the structure; parameters get values from {@link sentemb.model.ModelWeights}. */
    public LlamaModel(LlamaConfig config, Device device, DataType dtype) {
        this.config = config;
        this.dtype = dtype;
        this.manager = NDManager.newBaseManager(device);
        embedTokens = addParameter(ParamRegistry.newParam("embed_tokens", Parameter.Type.WEIGHT));
        registry.add("embed_tokens.weight", embedTokens);
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("layers." + i, new LlamaDecoderLayer(registry, "layers." + i, config)));
        }
        norm = addChildBlock("norm", new RmsNormLayer(registry, "norm", config.rmsNormEps()));
        rotary = new RotaryEmbedding(config);
    }

    @Override
    public DecoderFamily family() {
        return LlamaFamily.INSTANCE;
    }

    @Override
    public LlamaConfig config() {
        return config;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public Device device() {
        return manager.getDevice();
    }

    @Override
    public DataType dtype() {
        return dtype;
    }

    @Override
    public ParamRegistry parameters() {
        return registry;
    }

    @Override
    public List<LinearSlot> linearModules() {
        return layers.stream().flatMap(l -> l.linearModules().stream()).toList();
    }

    @Override
    public int outputDim() {
        return config.hiddenSize();
    }

    /** Last-layer hidden states {@code B × T × hidden} (or {@code B × 1 × hidden} with {@code lastOnly}). */
    @Override
    public NDArray hidden(NDArray ids, NDArray mask, boolean lastOnly, boolean training) {
        return run(ids, mask, lastOnly, training);
    }

    @Override
    public NDArray embed(NDArray ids, NDArray mask, Pooling pooling, boolean training) {
        if (pooling == Pooling.LAST) {
            return hidden(ids, mask, true, training).squeeze(1);
        }
        return Pooling.maskedMean(hidden(ids, mask, false, training), mask);
    }

    @Override
    public NDArray embedPacked(PackedBatch batch, Pooling pooling, boolean training) {
        boolean lastOnly = pooling == Pooling.LAST;
        checkLength(batch.width());
        NDArray[] cosSin = rotary.cosSin(batch.positions(), dtype);
        NDArray x = EmbeddingLookup.lookup(batch.ids(), embedTokens.getArray());
        for (int i = 0; i < layers.size(); i++) {
            boolean last = lastOnly && i == layers.size() - 1;
            NDArray input = x;
            try (NDManager scope = x.getManager().newSubManager()) { // one layer's temporaries (see run)
                input.tempAttach(scope);
                cosSin[0].tempAttach(scope);
                cosSin[1].tempAttach(scope);
                batch.tempAttach(scope);
                x = scope.ret(layers.get(i).forwardPacked(input, cosSin[0], cosSin[1], batch, last, training));
            }
        }
        x = norm.forward(x);
        return lastOnly ? x : batch.mean(x);
    }

    private void checkLength(long tokens) {
        if (tokens > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + tokens + " tokens exceeds max_position_embeddings "
                    + config.maxPositions());
        }
        if (config.slidingWindow() > 0 && tokens > config.slidingWindow()) {
            // Shorter sequences never reach the window, so attention is exact without it.
            throw new IllegalArgumentException("sequence of " + tokens + " tokens exceeds " + config.modelType()
                    + "'s sliding_window " + config.slidingWindow() + " (longer sequences are not supported)");
        }
    }

    private NDArray run(NDArray ids, NDArray mask, boolean lastOnly, boolean training) {
        NDManager m = ids.getManager();
        long len = ids.getShape().get(1);
        checkLength(len);
        // Real tokens get 0, 1, 2, ... whatever the padding; pads get 0 (unused).
        // (constants from Scalars: a plain number would be a host-to-device copy per forward)
        NDArray positions = mask.cumSum(1).mul(mask).sub(Scalars.of(mask, 1)).maximum(Scalars.of(mask, 0));
        NDArray[] cosSin = rotary.cosSin(positions, dtype);
        NDArray x = EmbeddingLookup.lookup(ids, embedTokens.getArray());

        NDArray keyMask = mask.gt(0);
        NDArray queryPos = m.arange(0, (int) len, 1, DataType.INT64).expandDims(1);
        NDArray keyPos = m.arange(0, (int) len, 1, DataType.INT64).expandDims(0);
        NDArray allowed = keyPos.lte(queryPos).expandDims(0).expandDims(0)
                .logicalAnd(keyMask.expandDims(1).expandDims(1));

        for (int i = 0; i < layers.size(); i++) {
            boolean last = lastOnly && i == layers.size() - 1;
            NDArray vis = last ? allowed.get(":, :, -1:, :") : allowed;
            // One layer's temporaries live in a scope that closes with the layer (see OptModel).
            NDArray input = x;
            try (NDManager scope = m.newSubManager()) {
                input.tempAttach(scope);
                cosSin[0].tempAttach(scope);
                cosSin[1].tempAttach(scope);
                x = scope.ret(layers.get(i).forward(input, cosSin[0], cosSin[1], vis, last, training));
            }
        }
        return norm.forward(x);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(hidden(inputs.get(0), inputs.get(1), false, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }

    @Override
    public void close() {
        manager.close();
    }
}
