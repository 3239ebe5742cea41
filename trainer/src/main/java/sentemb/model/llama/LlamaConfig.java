package sentemb.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sentemb.model.ConfigJson;
import sentemb.model.DecoderConfig;

/**
 * The fields of a LLaMA, Mistral or Qwen2 {@code config.json} that change the computation.
 * The three share one architecture (RMSNorm, rotary positions, SwiGLU, grouped-query
 * attention); they differ in biases (Qwen2: q/k/v; LLaMA: {@code attention_bias} on q/k/v/o,
 * {@code mlp_bias}), Mistral's sliding window, and their defaults.
 *
 * @param headDim {@code head_dim} when given (may differ from hidden / heads), else hidden / heads
 * @param slidingWindow Mistral's attention window, or 0 for none; sequences longer than the
 *     window are refused, so every embedding computed is exact
 * @param padTokenId {@code pad_token_id}, or -1 when the config has none (LLaMA ships none)
 */
public record LlamaConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKeyValueHeads,
        int headDim,
        int maxPositions,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        int slidingWindow,
        float attentionDropout,
        int padTokenId,
        int bosTokenId,
        int eosTokenId,
        boolean tieWordEmbeddings) implements DecoderConfig {

    /** The {@code model_type} values of the family, and their {@code *ForCausalLM} classes. */
    static final Map<String, String> ARCHITECTURES = Map.of(
            "llama", "LlamaForCausalLM", "mistral", "MistralForCausalLM", "qwen2", "Qwen2ForCausalLM");

    public LlamaConfig {
        require(ARCHITECTURES.containsKey(modelType), "model_type", modelType);
        require(vocabSize > 0, "vocab_size", vocabSize);
        require(hiddenSize > 0, "hidden_size", hiddenSize);
        require(intermediateSize > 0, "intermediate_size", intermediateSize);
        require(numLayers > 0, "num_hidden_layers", numLayers);
        require(numHeads > 0, "num_attention_heads", numHeads);
        require(numKeyValueHeads > 0 && numHeads % numKeyValueHeads == 0,
                "num_key_value_heads (must divide num_attention_heads " + numHeads + ")", numKeyValueHeads);
        require(headDim > 0 && headDim % 2 == 0, "head_dim (must be even for rotary embeddings)", headDim);
        require(maxPositions > 0, "max_position_embeddings", maxPositions);
        require(rmsNormEps > 0, "rms_norm_eps", rmsNormEps);
        require(ropeTheta > 0, "rope_theta", ropeTheta);
        require(slidingWindow >= 0, "sliding_window", slidingWindow);
        require(attentionDropout >= 0 && attentionDropout < 1, "attention_dropout", attentionDropout);
    }

    private static void require(boolean ok, String key, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("config.json: invalid " + key + " = " + value);
        }
    }

    /** LLaMA-family models have no dropout on hidden states. */
    @Override
    public float dropout() {
        return 0f;
    }

    @Override
    public LlamaConfig withDropout(float hidden, float attention) {
        if (hidden != 0f) {
            throw new IllegalArgumentException("model.dropout = " + hidden + ": " + modelType
                    + " models have no hidden-state dropout (only attention_dropout); leave model.dropout null");
        }
        return new LlamaConfig(modelType, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKeyValueHeads,
                headDim, maxPositions, rmsNormEps, ropeTheta, ropeScaling, qkvBias, outputBias, mlpBias, slidingWindow,
                attention, padTokenId, bosTokenId, eosTokenId, tieWordEmbeddings);
    }

    /** Reads a parsed {@code config.json} of model_type llama, mistral or qwen2. */
    public static LlamaConfig fromJson(JsonNode n, Path file) {
        String type = n.path("model_type").asText("");
        if (!ARCHITECTURES.containsKey(type)) {
            throw new IllegalArgumentException(file + ": unsupported architecture model_type=\"" + type
                    + "\"; this reader takes " + ARCHITECTURES.keySet());
        }
        String act = n.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException(file + ": unsupported hidden_act \"" + act + "\" (the LLaMA family uses silu)");
        }
        int hidden = ConfigJson.requireInt(n, "hidden_size", file);
        int heads = ConfigJson.requireInt(n, "num_attention_heads", file);
        boolean qwen = type.equals("qwen2");
        boolean llama = type.equals("llama");
        boolean attentionBias = llama && n.path("attention_bias").asBoolean(false);
        int window = 0;
        if (type.equals("mistral")) {
            window = ConfigJson.optionalInt(n, "sliding_window", 0, file);
        } else if (qwen && n.path("use_sliding_window").asBoolean(false)) {
            throw new IllegalArgumentException(file + ": use_sliding_window = true is not supported for qwen2 "
                    + "(the window applies to some layers only); set it to false");
        }
        return new LlamaConfig(
                type,
                ConfigJson.requireInt(n, "vocab_size", file),
                hidden,
                ConfigJson.requireInt(n, "intermediate_size", file),
                ConfigJson.requireInt(n, "num_hidden_layers", file),
                heads,
                ConfigJson.optionalInt(n, "num_key_value_heads", heads, file),
                ConfigJson.optionalInt(n, "head_dim", heads > 0 ? hidden / heads : 0, file),
                ConfigJson.requireInt(n, "max_position_embeddings", file),
                ConfigJson.optionalNumber(n, "rms_norm_eps", 1e-6, file),
                ConfigJson.optionalNumber(n, "rope_theta", 10000.0, file),
                RopeScaling.read(n, file),
                qwen || attentionBias,
                attentionBias,
                llama && n.path("mlp_bias").asBoolean(false),
                window,
                (float) ConfigJson.optionalNumber(n, "attention_dropout", 0.0, file),
                ConfigJson.optionalInt(n, "pad_token_id", -1, file),
                ConfigJson.optionalInt(n, "bos_token_id", -1, file),
                ConfigJson.optionalInt(n, "eos_token_id", -1, file),
                n.path("tie_word_embeddings").asBoolean(qwen));
    }

    @Override
    public ObjectNode toHfJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", List.of(ARCHITECTURES.get(modelType)));
        m.put("attention_dropout", attentionDropout);
        if (modelType.equals("llama")) {
            m.put("attention_bias", qkvBias);
            m.put("mlp_bias", mlpBias);
        }
        if (bosTokenId >= 0) {
            m.put("bos_token_id", bosTokenId);
        }
        if (eosTokenId >= 0) {
            m.put("eos_token_id", eosTokenId);
        }
        if (padTokenId >= 0) {
            m.put("pad_token_id", padTokenId);
        }
        m.put("head_dim", headDim);
        m.put("hidden_act", "silu");
        m.put("hidden_size", hiddenSize);
        m.put("initializer_range", 0.02);
        m.put("intermediate_size", intermediateSize);
        m.put("max_position_embeddings", maxPositions);
        m.put("model_type", modelType);
        m.put("num_attention_heads", numHeads);
        m.put("num_hidden_layers", numLayers);
        m.put("num_key_value_heads", numKeyValueHeads);
        m.put("rms_norm_eps", rmsNormEps);
        m.put("rope_scaling", ropeScaling == null ? null : ropeScaling.toJson());
        m.put("rope_theta", ropeTheta);
        if (modelType.equals("mistral")) {
            m.put("sliding_window", slidingWindow == 0 ? null : slidingWindow);
        }
        if (modelType.equals("qwen2")) {
            m.put("use_sliding_window", false);
        }
        // Export writes no lm_head: untied models would get a random one in transformers, so
        // the exported config ties it to the embedding (sentemb never computes the LM head).
        m.put("tie_word_embeddings", true);
        m.put("torch_dtype", "float32");
        m.put("use_cache", true);
        m.put("vocab_size", vocabSize);
        return new ObjectMapper().valueToTree(m);
    }

    @Override
    public long linearWeightsPerLayer() {
        long h = hiddenSize;
        long q = (long) numHeads * headDim;
        long kv = (long) numKeyValueHeads * headDim;
        return 2 * h * q + 2 * h * kv + 3 * h * intermediateSize; // q, o; k, v; gate, up, down
    }
}
