package sentemb.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import sentemb.TestPaths;
import sentemb.model.opt.OptConfigs;
import sentemb.model.DecoderModel;
import sentemb.model.families.DecoderModels;
import sentemb.model.ModelWeights;
import sentemb.recipe.Recipe;
import sentemb.recipe.RecipeLoader;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/** The export's files for the Python ecosystem: tokenizer.json, sharded weights, PEFT base id, the model card. */
class HfExportFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static DecoderModel tinyRandom() {
        return DecoderModels.random(OptConfigs.of(50272, 16, 2, 2, 32, 64, 16, true), 3, Device.cpu(), DataType.FLOAT32);
    }

    private static Path shippedTokenizer() {
        return TestPaths.repoRoot().resolve("data/tokenizer");
    }

    /** The tokenizer.json written beside vocab/merges tokenizes every STS sample sentence exactly as vocab/merges do. */
    @Test
    void tokenizerJsonTokenizesLikeVocabAndMerges() throws Exception {
        assertFalse(Files.exists(shippedTokenizer().resolve("tokenizer.json")), "the test needs a source without tokenizer.json");
        Path out = tmp.resolve("m");
        try (DecoderModel m = tinyRandom()) {
            HfExport.writeModel(out, m, shippedTokenizer(), EmbeddingSpec.of(Representation.promptEol(), 32));
        }
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
        Path onlyJson = Files.createDirectories(tmp.resolve("only-json"));
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")) {
            if (Files.exists(out.resolve(f))) {
                Files.copy(out.resolve(f), onlyJson.resolve(f));
            }
        }
        List<String> sentences;
        try (Stream<String> lines = Files.lines(TestPaths.repoRoot().resolve("data/sts-sample/STS/STSBenchmark/sts-test.csv"))) {
            sentences = lines.flatMap(l -> Stream.of(l.split("\t")).skip(5).limit(2)).toList();
        }
        assertTrue(sentences.size() > 100, "read " + sentences.size() + " sentences");
        try (PromptTokenizer fromFiles = PromptTokenizer.load(shippedTokenizer()); PromptTokenizer fromJson = PromptTokenizer.load(onlyJson)) {
            assertEquals(fromFiles.padId(), fromJson.padId());
            int[][] a = fromFiles.encodeAll(sentences, true);
            int[][] b = fromJson.encodeAll(sentences, true);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], sentences.get(i));
            }
        }
    }

    /** Above the limit the weights are split as save_pretrained splits them, and load back to the same tensors. */
    @Test
    void shardedWeightsLoadBackIdentically() throws Exception {
        Path single = tmp.resolve("single");
        Path sharded = tmp.resolve("sharded");
        long limit = 20_000;
        try (DecoderModel m = tinyRandom()) {
            HfExport.writeModel(single, m, shippedTokenizer(), EmbeddingSpec.of(Representation.promptEol(), 32));
            HfExport.writeModel(sharded, m, shippedTokenizer(), EmbeddingSpec.of(Representation.promptEol(), 32), limit);
        }
        assertTrue(Files.isRegularFile(single.resolve("model.safetensors")));
        assertFalse(Files.exists(single.resolve("model.safetensors.index.json")));
        assertFalse(Files.exists(sharded.resolve("model.safetensors")));
        JsonNode index = JSON.readTree(sharded.resolve("model.safetensors.index.json").toFile());
        Map<String, String> weightMap = new TreeMap<>();
        index.get("weight_map").fields().forEachRemaining(e -> weightMap.put(e.getKey(), e.getValue().asText()));
        List<String> shards = weightMap.values().stream().distinct().sorted().toList();
        assertTrue(shards.size() > 2, shards::toString);
        for (int i = 0; i < shards.size(); i++) {
            assertEquals(String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size()), shards.get(i));
        }
        long total = 0;
        try (DecoderModel a = DecoderModels.load(single, Device.cpu(), DataType.FLOAT32);
                DecoderModel b = DecoderModels.load(sharded, Device.cpu(), DataType.FLOAT32)) {
            var wa = ModelWeights.snapshot(a.parameters().all(), "single");
            var wb = ModelWeights.snapshot(b.parameters().all(), "sharded");
            assertEquals(wa.keySet(), wb.keySet());
            for (var e : wa.entrySet()) {
                assertArrayEquals(e.getValue().data(), wb.get(e.getKey()).data(), e.getKey());
                total += 4 * e.getValue().numel();
            }
            assertEquals(wa.size(), weightMap.size());
        }
        assertEquals(total, index.get("metadata").get("total_size").asLong());
        // each shard holds at most `limit` bytes of tensors unless one tensor alone is larger (the embedding matrix)
        for (String s : shards) {
            long bytes = Files.size(sharded.resolve(s));
            long tensors = weightMap.entrySet().stream().filter(e -> e.getValue().equals(s)).count();
            assertTrue(bytes <= limit + 4096 || tensors == 1, s + ": " + bytes + " bytes, " + tensors + " tensors");
        }
    }

    @Test
    void sizesParseAsTransformersWritesThem() {
        assertEquals(5_000_000_000L, HfExport.parseSize("5GB"));
        assertEquals(500_000_000L, HfExport.parseSize("500MB"));
        assertEquals(2L << 30, HfExport.parseSize("2GiB"));
        assertEquals(1024, HfExport.parseSize("1024"));
        assertThrows(IllegalArgumentException.class, () -> HfExport.parseSize("five gigs"));
        assertThrows(IllegalArgumentException.class, () -> HfExport.parseSize("0"));
    }

    /** PEFT's base_model_name_or_path is the hub id the base config records, not a path on the training machine. */
    @Test
    void baseModelIdComesFromTheBaseConfig() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("models/opt-125m"));
        Recipe r = RecipeLoader.loadBundled("tiny", List.of("model.path=\"" + base + "\""), Map.of());
        Files.writeString(base.resolve("config.json"), "{\"_name_or_path\": \"facebook/opt-125m\", \"model_type\": \"opt\"}");
        assertEquals("facebook/opt-125m", Exporter.baseModelId(r));
        Files.writeString(base.resolve("config.json"), "{\"_name_or_path\": \"/home/someone/models/opt-125m\"}");
        assertEquals(base.toString(), Exporter.baseModelId(r));
        Files.writeString(base.resolve("config.json"), "{\"model_type\": \"opt\"}");
        assertEquals(base.toString(), Exporter.baseModelId(r));
        assertEquals("random:42", Exporter.baseModelId(RecipeLoader.loadBundled("tiny", List.of("model.init.seed=42"), Map.of())));
    }

    private static JsonNode results(double spearman) throws Exception {
        return JSON.readTree("{\"tasks\": {\"STSBenchmark\": {\"task\": \"STSBenchmark\", \"status\": \"ok\", \"split\": \"test\","
                + " \"pairs\": 1379, \"spearman\": " + spearman + "}, \"STS12\": {\"task\": \"STS12\", \"status\": \"missing\"}}}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> frontMatter(String card) {
        assertTrue(card.startsWith("---\n"), card);
        int end = card.indexOf("\n---\n", 4);
        return new Yaml().load(card.substring(4, end));
    }

    @Test
    @SuppressWarnings("unchecked")
    void modelCardHasHubFrontMatterAndUsage() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("opt-1.3b"));
        Files.writeString(base.resolve("config.json"), "{\"_name_or_path\": \"facebook/opt-1.3b\"}");
        Recipe r = RecipeLoader.loadBundled("tiny", List.of("model.path=\"" + base + "\"", "data.train=\"data/nli_for_simcse.csv\"",
                "run.name=opt-cse"), Map.of());
        String card = ModelCard.render(r, tmp.resolve("ck"), Exporter.baseModelId(r), results(0.8771), false);
        Map<String, Object> fm = frontMatter(card);
        assertEquals("facebook/opt-1.3b", fm.get("base_model"));
        assertEquals("sentemb", fm.get("library_name"));
        assertTrue(((List<String>) fm.get("tags")).contains("sentence-embeddings"));
        assertEquals(List.of("princeton-nlp/datasets-for-simcse"), fm.get("datasets"));
        var index = (List<Map<String, Object>>) fm.get("model-index");
        var results = (List<Map<String, Object>>) index.get(0).get("results");
        assertEquals(1, results.size(), "only evaluated tasks are listed");
        var dataset = (Map<String, Object>) results.get(0).get("dataset");
        assertEquals("STSBenchmark", dataset.get("name"));
        assertEquals("mteb/stsbenchmark-sts", dataset.get("type"));
        assertEquals("test", dataset.get("split"));
        var metric = ((List<Map<String, Object>>) results.get(0).get("metrics")).get(0);
        assertEquals("spearmanr", metric.get("type"));
        assertEquals(87.71, ((Number) metric.get("value")).doubleValue(), 1e-9);
        // usage: sentemb and transformers, with the PromptEOL prompt and last-token pooling
        assertTrue(card.contains("sentemb embed --model"), card);
        assertTrue(card.contains("template = 'This sentence : \"<sentence>\" means in one word:\"'"), card);
        assertTrue(card.contains("hidden[:, -1, :]"), card);
        assertTrue(card.contains("padding_side=\"left\""), card);
        assertFalse(card.contains("synthetic"), card);
    }

    @Test
    @SuppressWarnings("unchecked")
    void syntheticSampleScoresAreLabelledAsSuch() throws Exception {
        Recipe r = RecipeLoader.loadBundled("tiny", List.of(), Map.of());
        assertTrue(ModelCard.isShippedSample(r.eval().data()), "the tiny recipe evaluates on the shipped sample");
        String card = ModelCard.render(r, tmp.resolve("ck"), Exporter.baseModelId(r), results(-0.007), true);
        Map<String, Object> fm = frontMatter(card);
        assertFalse(fm.containsKey("base_model"), "a random model has no hub base model");
        var results = (List<Map<String, Object>>) ((List<Map<String, Object>>) fm.get("model-index")).get(0).get("results");
        var dataset = (Map<String, Object>) results.get(0).get("dataset");
        assertTrue(((String) dataset.get("name")).contains("synthetic"), dataset::toString);
        assertEquals("sentemb-synthetic-sts-sample", dataset.get("type"));
        assertTrue(card.contains("| STSBenchmark (synthetic sample) | test | 1379 | -0.70 |"), card);
        assertTrue(card.contains("not comparable with published STS results"), card);
        assertFalse(card.contains("(published)"), "no published rows beside synthetic scores");
    }
}
