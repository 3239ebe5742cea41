package sentemb.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What every family's {@code config.json} reader gives the family-neutral code. */
public interface DecoderConfig {

    /** {@code model_type} as Hugging Face writes it ("opt", "llama", "mistral", "qwen2"). */
    String modelType();

    int vocabSize();

    int hiddenSize();

    int numLayers();

    /** {@code max_position_embeddings}: the longest sequence (prompt prefix included) the model takes. */
    int maxPositions();

    /** Weights of one decoder layer's linear maps (attention and MLP): a token's forward FLOPs per layer are twice this. */
    long linearWeightsPerLayer();

    /** Dropout on hidden states while training. */
    float dropout();

    /** Dropout on attention probabilities while training. */
    float attentionDropout();

    /** The same config with other dropout rates (recipe overrides); a family without such dropout refuses non-zero rates. */
    DecoderConfig withDropout(float hidden, float attention);

    /** The config as Hugging Face writes it, so exported models load in transformers. */
    ObjectNode toHfJson();
}
