package sentemb.model.opt;

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
import sentemb.model.LinearLayer;
import sentemb.model.LinearSlot;
import sentemb.model.PackedBatch;
import sentemb.model.ParamRegistry;
import sentemb.model.Pooling;
import sentemb.model.Scalars;

/**
 * The OPT decoder as DJL blocks, without the LM head (sentence embeddings never need it).
 * Parameters live in this model's own manager on one device; all per-batch arrays attach to
 * the manager of the input ids, so closing that manager frees a whole step.
 */
public final class OptModel extends AbstractBlock implements DecoderModel {
    private final OptConfig config;
    private final ParamRegistry registry = new ParamRegistry();
    private final NDManager manager;
    private final DataType dtype;
    private final Parameter embedTokens;
    private final Parameter embedPositions;
    private final LinearLayer projectIn;
    private final LinearLayer projectOut;
    private final List<OptDecoderLayer> layers = new ArrayList<>();
    private final LayerNormLayer finalLayerNorm;

    /** Builds the structure; parameters get values from {@link sentemb.model.ModelWeights}. */
    public OptModel(OptConfig config, Device device, DataType dtype) {
        this.config = config;
        this.dtype = dtype;
        this.manager = NDManager.newBaseManager(device);
        embedTokens = addParameter(ParamRegistry.newParam("embed_tokens", Parameter.Type.WEIGHT));
        registry.add("embed_tokens.weight", embedTokens);
        embedPositions = addParameter(ParamRegistry.newParam("embed_positions", Parameter.Type.WEIGHT));
        registry.add("embed_positions.weight", embedPositions);
        if (config.hasProjection()) {
            projectIn = addChildBlock("project_in",
                    new LinearLayer(registry, "project_in", config.wordEmbedProjDim(), config.hiddenSize(), false));
            projectOut = addChildBlock("project_out",
                    new LinearLayer(registry, "project_out", config.hiddenSize(), config.wordEmbedProjDim(), false));
        } else {
            projectIn = null;
            projectOut = null;
        }
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("layers." + i, new OptDecoderLayer(registry, "layers." + i, config)));
        }
        finalLayerNorm = config.hasFinalLayerNorm()
                ? addChildBlock("final_layer_norm", new LayerNormLayer(registry, "final_layer_norm",
                        config.hiddenSize(), config.layerNormElementwiseAffine()))
                : null;
        for (OptDecoderLayer l : layers) {
            l.selfAttnLayerNorm.materializeConstants(manager, dtype);
            l.finalLayerNorm.materializeConstants(manager, dtype);
        }
        if (finalLayerNorm != null) {
            finalLayerNorm.materializeConstants(manager, dtype);
        }
    }

    @Override
    public DecoderFamily family() {
        return OptFamily.INSTANCE;
    }

    @Override
    public OptConfig config() {
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

    /** Base parameters by canonical (Hugging Face, prefix-free) name. */
    @Override
    public ParamRegistry parameters() {
        return registry;
    }

    public List<OptDecoderLayer> layers() {
        return layers;
    }

    @Override
    public List<LinearSlot> linearModules() {
        return layers.stream().flatMap(l -> l.linearModules().stream()).toList();
    }

    /** Width of the returned hidden states (after {@code project_out}). */
    @Override
    public int outputDim() {
        return config.wordEmbedProjDim();
    }

    /**
     * Last-layer hidden states.
     *
     * @param ids {@code B × T} token ids (int64), left-padded
     * @param mask {@code B × T} 1 for real tokens, 0 for padding (int64)
     * @param lastOnly return only the last position ({@code B × 1 × dim}); the last layer then
     *     computes attention, FFN and norms for that position alone
     */
    @Override
    public NDArray hidden(NDArray ids, NDArray mask, boolean lastOnly, boolean training) {
        return run(ids, mask, lastOnly, training);
    }

    /** Pooled sentence vectors {@code B × dim}. */
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
        NDArray positions = batch.positions();
        NDArray x = EmbeddingLookup.lookup(batch.ids(), embedTokens.getArray());
        if (projectIn != null) {
            x = projectIn.forward(x, training);
        }
        NDArray lookup = positions.add(Scalars.of(positions, OptConfig.POSITION_OFFSET));
        x = x.add(EmbeddingLookup.lookup(lookup, embedPositions.getArray()));
        for (int i = 0; i < layers.size(); i++) {
            boolean last = lastOnly && i == layers.size() - 1;
            NDArray input = x;
            try (NDManager scope = x.getManager().newSubManager()) { // one layer's temporaries (see run)
                input.tempAttach(scope);
                batch.tempAttach(scope);
                x = scope.ret(layers.get(i).forwardPacked(input, batch, last, training));
            }
        }
        x = output(x, training);
        return lastOnly ? x : batch.mean(x);
    }

    private NDArray run(NDArray ids, NDArray mask, boolean lastOnly, boolean training) {
        NDManager m = ids.getManager();
        long len = ids.getShape().get(1);
        checkLength(len);
        // HF: positions = cumsum(mask) * mask - 1, looked up at +2 (pads land on row 1).
        // (constants from Scalars: a plain number would be a host-to-device copy per forward)
        NDArray positions = mask.cumSum(1).mul(mask).add(Scalars.of(mask, OptConfig.POSITION_OFFSET - 1));
        NDArray x = EmbeddingLookup.lookup(ids, embedTokens.getArray());
        if (projectIn != null) {
            x = projectIn.forward(x, training);
        }
        x = x.add(EmbeddingLookup.lookup(positions, embedPositions.getArray()));

        NDArray keyMask = mask.gt(0);
        NDArray queryPos = m.arange(0, (int) len, 1, DataType.INT64).expandDims(1);
        NDArray keyPos = m.arange(0, (int) len, 1, DataType.INT64).expandDims(0);
        NDArray allowed = keyPos.lte(queryPos).expandDims(0).expandDims(0)
                .logicalAnd(keyMask.expandDims(1).expandDims(1));

        for (int i = 0; i < layers.size(); i++) {
            boolean last = lastOnly && i == layers.size() - 1;
            NDArray vis = last ? allowed.get(":, :, -1:, :") : allowed;
            // Each layer's temporaries (q, k, v, scores, FFN activations, ...) live in a scope that
            // closes with the layer, so a forward holds one layer's worth instead of all of them
            // (autograd keeps what backward needs through its own references). Without it, a
            // 24-layer inference pass held every layer's activations until the batch was done.
            NDArray input = x;
            try (NDManager scope = m.newSubManager()) {
                input.tempAttach(scope); // ops on it create their results in the scope
                x = scope.ret(layers.get(i).forward(input, vis, last, training));
            }
        }
        return output(x, training);
    }

    /** The final layer norm and {@code project_out}, where the config has them. */
    private NDArray output(NDArray x, boolean training) {
        if (finalLayerNorm != null) {
            x = finalLayerNorm.forward(x);
        }
        if (projectOut != null) {
            x = projectOut.forward(x, training);
        }
        return x;
    }

    private void checkLength(long tokens) {
        if (tokens > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + tokens + " tokens exceeds max_position_embeddings "
                    + config.maxPositions());
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(hidden(inputs.get(0), inputs.get(1), false, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.wordEmbedProjDim())};
    }

    @Override
    public void close() {
        manager.close();
    }
}
