package sentemb.model.opt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import sentemb.model.ConfigJson;
import sentemb.model.DecoderConfig;

/**
 * The fields of a Hugging Face OPT {@code config.json} that change the computation. Every
 * variant the family uses is representable: pre/post layer norm (opt-350m is post-LN),
 * {@code word_embed_proj_dim != hidden_size} (project_in/out), no biases, non-affine layer
 * norms, and the final layer norm that some conversions remove.
 */
public record OptConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int ffnDim,
        int maxPositions,
        int wordEmbedProjDim,
        boolean doLayerNormBefore,
        boolean enableBias,
        boolean layerNormElementwiseAffine,
        boolean removeFinalLayerNorm,
        float dropout,
        float attentionDropout,
        int padTokenId,
        int bosTokenId,
        int eosTokenId) implements DecoderConfig {

    /** OPT's learned positional embedding table is offset by two rows (a fairseq legacy). */
    public static final int POSITION_OFFSET = 2;

    public OptConfig {
        require(vocabSize > 0, "vocab_size", vocabSize);
        require(hiddenSize > 0, "hidden_size", hiddenSize);
        require(numLayers > 0, "num_hidden_layers", numLayers);
        require(numHeads > 0 && hiddenSize % numHeads == 0, "num_attention_heads (must divide hidden_size " + hiddenSize + ")", numHeads);
        require(ffnDim > 0, "ffn_dim", ffnDim);
        require(maxPositions > 0, "max_position_embeddings", maxPositions);
        require(wordEmbedProjDim > 0, "word_embed_proj_dim", wordEmbedProjDim);
        require(dropout >= 0 && dropout < 1, "dropout", dropout);
        require(attentionDropout >= 0 && attentionDropout < 1, "attention_dropout", attentionDropout);
    }

    private static void require(boolean ok, String key, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("config.json: invalid " + key + " = " + value);
        }
    }

    @Override
    public String modelType() {
        return "opt";
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** Whether the decoder ends with a final layer norm (HF: pre-LN and not removed). */
    public boolean hasFinalLayerNorm() {
        return doLayerNormBefore && !removeFinalLayerNorm;
    }

    /** Whether embeddings are projected (opt-350m: 512-wide embeddings, 1024-wide layers). */
    public boolean hasProjection() {
        return wordEmbedProjDim != hiddenSize;
    }

    @Override
    public OptConfig withDropout(float newDropout, float newAttentionDropout) {
        return new OptConfig(vocabSize, hiddenSize, numLayers, numHeads, ffnDim, maxPositions, wordEmbedProjDim,
                doLayerNormBefore, enableBias, layerNormElementwiseAffine, removeFinalLayerNorm, newDropout,
                newAttentionDropout, padTokenId, bosTokenId, eosTokenId);
    }

    /** The OPT config in a parsed {@code config.json} ({@code file} names it in errors). */
    public static OptConfig fromJson(JsonNode n, Path file) {
        String type = n.path("model_type").asText("");
        if (!type.equals("opt")) {
            throw new IllegalArgumentException(file + ": unsupported architecture model_type=\"" + type
                    + "\"; this reader takes OPT models (model_type \"opt\")");
        }
        for (JsonNode arch : n.path("architectures")) {
            // transformers builds the class named here, so an OPT model_type under another class is a broken config
            if (!arch.asText("").startsWith("OPT")) {
                throw new IllegalArgumentException(file + ": \"architectures\" names " + n.get("architectures")
                        + " but model_type is \"opt\"; the two must agree (OPTForCausalLM, OPTModel, ...)");
            }
        }
        String act = n.path("activation_function").asText("relu");
        if (!act.equals("relu")) {
            throw new IllegalArgumentException(file + ": unsupported activation_function \"" + act + "\" (OPT uses relu)");
        }
        int hidden = ConfigJson.requireInt(n, "hidden_size", file);
        return new OptConfig(
                ConfigJson.requireInt(n, "vocab_size", file),
                hidden,
                ConfigJson.requireInt(n, "num_hidden_layers", file),
                ConfigJson.requireInt(n, "num_attention_heads", file),
                ConfigJson.requireInt(n, "ffn_dim", file),
                ConfigJson.requireInt(n, "max_position_embeddings", file),
                n.path("word_embed_proj_dim").isNumber() ? n.get("word_embed_proj_dim").asInt() : hidden,
                n.path("do_layer_norm_before").asBoolean(true),
                n.path("enable_bias").asBoolean(true),
                n.path("layer_norm_elementwise_affine").asBoolean(true),
                n.path("_remove_final_layer_norm").asBoolean(false),
                (float) n.path("dropout").asDouble(0.1),
                (float) n.path("attention_dropout").asDouble(0.0),
                n.path("pad_token_id").asInt(1),
                n.path("bos_token_id").asInt(2),
                n.path("eos_token_id").asInt(2));
    }

    /** The config as Hugging Face writes it, so exported models load in transformers. */
    @Override
    public ObjectNode toHfJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_remove_final_layer_norm", removeFinalLayerNorm);
        m.put("activation_dropout", 0.0);
        m.put("activation_function", "relu");
        m.put("architectures", new String[] {"OPTForCausalLM"});
        m.put("attention_dropout", attentionDropout);
        m.put("bos_token_id", bosTokenId);
        m.put("do_layer_norm_before", doLayerNormBefore);
        m.put("dropout", dropout);
        m.put("enable_bias", enableBias);
        m.put("eos_token_id", eosTokenId);
        m.put("ffn_dim", ffnDim);
        m.put("hidden_size", hiddenSize);
        m.put("init_std", 0.02);
        m.put("layer_norm_elementwise_affine", layerNormElementwiseAffine);
        m.put("layerdrop", 0.0);
        m.put("max_position_embeddings", maxPositions);
        m.put("model_type", "opt");
        m.put("num_attention_heads", numHeads);
        m.put("num_hidden_layers", numLayers);
        m.put("pad_token_id", padTokenId);
        m.put("torch_dtype", "float32");
        m.put("use_cache", true);
        m.put("vocab_size", vocabSize);
        m.put("word_embed_proj_dim", wordEmbedProjDim);
        return new ObjectMapper().valueToTree(m);
    }

    @Override
    public long linearWeightsPerLayer() {
        long h = hiddenSize;
        return 4 * h * h + 2 * h * ffnDim; // q, k, v, out_proj; fc1, fc2
    }
}
