package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.checkpoint.Exporter;
import sentemb.eval.PromptEolEncoder;
import sentemb.model.DecoderModel;
import sentemb.model.SequenceEmbedder;
import sentemb.model.families.DecoderModels;
import sentemb.model.llama.LlamaFixtures;
import sentemb.model.lora.LoraLinear;
import sentemb.model.weights.SafetensorsReader;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * A LLaMA-family model (the tiny GQA llama fixture) through training: LoRA on all seven
 * linear modules with attention dropout on, stopped after step 2 and resumed, reaches the
 * uninterrupted run's weights; the export (LoRA merged, LlamaForCausalLM keys, PEFT adapter
 * with LLaMA module names) embeds like the trained, unmerged model; two replicas with GradCache
 * micro-batches give the whole batch's gradient.
 */
class LlamaTrainingTest {
    static final String[] LLAMA = {
        "model.path=\"" + LlamaFixtures.dir("llama") + "\"", "model.attention-dropout=0.1",
        "lora.enabled=true", "lora.r=4", "lora.targets=[q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj]",
    };

    @Test
    void resumeEqualsUninterruptedAndTheExportEmbedsLikeTheTrainedModel(@TempDir Path tmp) throws Exception {
        Recipe whole = TinyRuns.recipe(tmp, "whole", LLAMA);
        try (Trainer t = new Trainer(whole, whole.resolvedHocon())) {
            assertEquals(4, t.train(Optional.empty(), Long.MAX_VALUE).stepsDone());
        }
        Recipe split = TinyRuns.recipe(tmp, "split", LLAMA);
        try (Trainer t = new Trainer(split, split.resolvedHocon())) {
            assertEquals(2, t.train(Optional.empty(), 2).stepsDone());
        }
        try (Trainer t = new Trainer(split, split.resolvedHocon())) {
            assertEquals(4, t.train(Optional.of(tmp.resolve("split/step-2")), Long.MAX_VALUE).stepsDone());
        }
        double diff = TinyRuns.maxAbsDiff(TinyRuns.weights(tmp.resolve("whole/step-4")), TinyRuns.weights(tmp.resolve("split/step-4")));
        assertTrue(diff <= 1e-6, "resumed weights differ by " + diff);
        assertEquals(2 * 2 * 7, TinyRuns.weights(tmp.resolve("whole/step-4")).size(), "A and B for 7 modules in 2 layers");

        Path ck = tmp.resolve("whole/step-4");
        Path out = tmp.resolve("export");
        Exporter.export(ck, out, true);
        List<String> sentences = LlamaFixtures.sentences(LlamaFixtures.golden("llama"));
        Representation rep = RecipeSetup.evalRepresentation(whole);
        float[][] trained;
        float[][] base;
        try (DecoderModel m = Exporter.restore(ck, whole); PromptTokenizer tok = RecipeSetup.tokenizer(whole)) {
            assertTrue(m.linearModules().stream().allMatch(s -> s.module() instanceof LoraLinear), "adapters kept separate");
            trained = embed(m, tok, rep);
            try (DecoderModel plain = RecipeSetup.baseModel(whole, Device.cpu(), DataType.FLOAT32)) {
                base = embed(plain, tok, rep);
            }
        }
        try (DecoderModel exported = DecoderModels.load(out, Device.cpu(), DataType.FLOAT32);
                PromptTokenizer tok = PromptTokenizer.load(out)) {
            assertEquals("llama", exported.config().modelType());
            float[][] merged = embed(exported, tok, rep);
            double moved = 0;
            for (int i = 0; i < sentences.size(); i++) {
                double err = LlamaFixtures.relativeError(merged[i], trained[i]);
                assertTrue(err < 1e-4, "export vs trained, sentence " + i + ": " + err);
                moved = Math.max(moved, LlamaFixtures.relativeError(trained[i], base[i]));
            }
            assertTrue(moved > 1e-3, "training did not change the embeddings: " + moved);
        }
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("LlamaForCausalLM", config.get("architectures").get(0).asText());
        assertEquals(2, config.get("num_key_value_heads").asInt());
        assertTrue(SafetensorsReader.readAll(out.resolve("model.safetensors")).containsKey("model.layers.1.mlp.down_proj.weight"));
        assertTrue(SafetensorsReader.readAll(out.resolve("adapter/adapter_model.safetensors"))
                .containsKey("base_model.model.model.layers.0.self_attn.o_proj.lora_A.weight"));
        JsonNode adapter = new ObjectMapper().readTree(out.resolve("adapter/adapter_config.json").toFile());
        assertEquals(7, adapter.get("target_modules").size());
        JsonNode spec = new ObjectMapper().readTree(out.resolve("sentemb.json").toFile());
        assertTrue(spec.get("padding").asText().startsWith("0 (") && spec.get("padding").asText().contains("0 used"),
                "LLaMA ships no pad token: sentemb.json says 0 is used, " + spec);
    }

    @Test
    void twoReplicasAndGradCacheGiveTheWholeBatchGradient(@TempDir Path tmp) throws Exception {
        String[] common = {"model.path=\"" + LlamaFixtures.dir("llama") + "\"", "lora.enabled=true", "lora.r=4",
            "lora.dropout=0.0", "lora.targets=[q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj]"};
        List<float[]> whole = DataParallelEquivalenceTest.gradients(TinyRuns.recipe(tmp, "one",
                DataParallelEquivalenceTest.concat(common, "batch.packed=false")));
        List<float[]> both = DataParallelEquivalenceTest.gradients(TinyRuns.recipe(tmp, "both",
                DataParallelEquivalenceTest.concat(common, "devices=[cpu,cpu]", "batch.micro-size=2")));
        double diff = DataParallelEquivalenceTest.maxRelDiff(whole, both);
        assertTrue(diff < 1e-5, "2 replicas + GradCache: " + diff);
        // and with one packed forward per step (the default), the template prefix once
        List<float[]> packed = DataParallelEquivalenceTest.gradients(TinyRuns.recipe(tmp, "packed", common));
        double packedDiff = DataParallelEquivalenceTest.maxRelDiff(whole, packed);
        assertTrue(packedDiff < 1e-5, "packed: " + packedDiff);
    }

    private static float[][] embed(DecoderModel m, PromptTokenizer tok, Representation rep) {
        List<String> sentences = LlamaFixtures.sentences(LlamaFixtures.golden("llama"));
        return new PromptEolEncoder(SequenceEmbedder.packed(m, rep.pooling(), true), tok, rep, 3).encode(sentences);
    }
}
