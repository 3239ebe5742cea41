package sentemb.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sentemb.eval.PromptEolEncoder;
import sentemb.model.DecoderModel;
import sentemb.model.SequenceEmbedder;
import sentemb.model.families.DecoderModels;
import sentemb.text.Demonstration;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * The DJL LLaMA-family forward against the independent PyTorch reference
 * (scripts/make_llama_fixtures.py) on tiny llama (GQA, BOS, llama3 rope scaling, f32),
 * mistral (1 kv head, head_dim 12, linear rope scaling, bf16 shards) and qwen2 (q/k/v bias,
 * no BOS, rope_theta 1e6, tied embeddings, f16) checkpoints: the tokenizer's ids and the
 * PromptEOL embeddings, plain, with an in-context demonstration, with and without the shared
 * prefix, and one sentence alone against the same sentence in a mixed-length batch.
 */
class LlamaModelReferenceTest {

    static PromptEolEncoder encoder(DecoderModel m, PromptTokenizer tok, Representation rep, boolean share, int batch) {
        return new PromptEolEncoder(SequenceEmbedder.packed(m, rep.pooling(), share), tok, rep, batch);
    }

    static void assertClose(float[][] expected, float[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int r = 0; r < expected.length; r++) {
            double err = LlamaFixtures.relativeError(actual[r], expected[r]);
            assertTrue(err < tol, what + " row " + r + ": relative error " + err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "mistral", "qwen2"})
    void tokenizerGivesTheReferenceIds(String family) {
        JsonNode g = LlamaFixtures.golden(family);
        try (PromptTokenizer tok = PromptTokenizer.load(LlamaFixtures.dir(family))) {
            assertEquals(!g.get("bos_id").isNull(), tok.addBosToken(), "BOS rule");
            if (!g.get("bos_id").isNull()) {
                assertEquals(g.get("bos_id").asInt(), tok.bosId());
            }
            assertEquals(g.get("pad_id").asInt(), tok.padId());
            Representation plain = Representation.promptEol();
            Representation icl = plain.withDemonstration(new Demonstration(
                    g.get("demonstration").get("sentence").asText(), g.get("demonstration").get("word").asText()));
            List<String> sentences = LlamaFixtures.sentences(g);
            for (int i = 0; i < sentences.size(); i++) {
                assertArrayEquals(LlamaFixtures.ints(g.get("prompt_ids").get(i)), tok.encode(plain.render(sentences.get(i)), true));
                assertArrayEquals(LlamaFixtures.ints(g.get("icl_prompt_ids").get(i)), tok.encode(icl.render(sentences.get(i)), true));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "mistral", "qwen2"})
    void promptEolEmbeddingsMatchTheReference(String family) throws Exception {
        JsonNode g = LlamaFixtures.golden(family);
        List<String> sentences = LlamaFixtures.sentences(g);
        float[][] expected = LlamaFixtures.matrix(g.get("embeddings"));
        float[][] expectedIcl = LlamaFixtures.matrix(g.get("icl_embeddings"));
        Representation plain = Representation.promptEol();
        Representation icl = plain.withDemonstration(new Demonstration(
                g.get("demonstration").get("sentence").asText(), g.get("demonstration").get("word").asText()));
        try (DecoderModel m = DecoderModels.load(LlamaFixtures.dir(family), Device.cpu(), DataType.FLOAT32);
                PromptTokenizer tok = PromptTokenizer.load(LlamaFixtures.dir(family))) {
            assertEquals(family, m.config().modelType());
            for (boolean share : new boolean[] {true, false}) {
                assertClose(expected, encoder(m, tok, plain, share, 8).encode(sentences), 1e-4, family + " share=" + share);
                assertClose(expectedIcl, encoder(m, tok, icl, share, 8).encode(sentences), 1e-4, family + " icl share=" + share);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "mistral", "qwen2"})
    void oneSentenceAloneEqualsItInAMixedLengthBatch(String family) throws Exception {
        List<String> sentences = LlamaFixtures.sentences(LlamaFixtures.golden(family));
        Representation rep = Representation.promptEol();
        try (DecoderModel m = DecoderModels.load(LlamaFixtures.dir(family), Device.cpu(), DataType.FLOAT32);
                PromptTokenizer tok = PromptTokenizer.load(LlamaFixtures.dir(family))) {
            float[][] batch = encoder(m, tok, rep, false, 8).encode(sentences);
            for (int i = 0; i < sentences.size(); i++) {
                float[] alone = encoder(m, tok, rep, false, 1).encode(List.of(sentences.get(i)))[0];
                assertArrayEquals(alone, batch[i], 1e-5f, family + " sentence " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void fp16ForwardStaysCloseToTheReference(String family) throws Exception {
        // fp16 is a GPU setting; on the CPU this only shows the half-precision path (RMSNorm and
        // softmax statistics in fp32, rotary tables cast once) computes the same function.
        JsonNode g = LlamaFixtures.golden(family);
        float[][] expected = LlamaFixtures.matrix(g.get("embeddings"));
        try (DecoderModel m = DecoderModels.load(LlamaFixtures.dir(family), Device.cpu(), DataType.FLOAT16);
                PromptTokenizer tok = PromptTokenizer.load(LlamaFixtures.dir(family))) {
            assertClose(expected, encoder(m, tok, Representation.promptEol(), true, 8).encode(LlamaFixtures.sentences(g)), 2e-2,
                    family + " fp16");
        }
    }

    @Test
    void longerThanMistralsSlidingWindowIsRefused(@TempDir Path tmp) throws Exception {
        try (DecoderModel m = DecoderModels.load(LlamaFixtures.dir("mistral"), Device.cpu(), DataType.FLOAT32);
                PromptTokenizer tok = PromptTokenizer.load(LlamaFixtures.dir("mistral"))) {
            String longSentence = "x".repeat(200); // 240 tokens: within max_position_embeddings 256, over the window
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> encoder(m, tok, Representation.promptEol(), true, 8).encode(List.of(longSentence)));
            assertTrue(e.getMessage().contains("sliding_window 200"), e.getMessage());
        }
    }

    @Test
    void unsupportedRopeScalingIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        String cfg = Files.readString(LlamaFixtures.dir("llama").resolve("config.json"))
                .replace("\"rope_type\": \"llama3\"", "\"rope_type\": \"yarn\"");
        Files.writeString(dir.resolve("config.json"), cfg);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecoderModels.load(dir, Device.cpu(), DataType.FLOAT32));
        assertTrue(e.getMessage().contains("yarn") && e.getMessage().contains("linear and llama3"), e.getMessage());
    }

    @Test
    void unknownModelTypeListsTheSupportedOnes(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"gemma\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecoderModels.load(tmp, Device.cpu(), DataType.FLOAT32));
        assertTrue(e.getMessage().contains("gemma") && e.getMessage().contains("opt, llama, mistral, qwen2"), e.getMessage());
    }
}
