package sentemb.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * PromptTokenizer against an independent GPT-2 BPE (jtokkit's r50k_base = GPT-2) on real
 * sentences. jtokkit's GPT-2 ids are mapped to OPT ids through token strings: GPT-2 id → token
 * (GPT-2's encoder.json) → OPT id (our vocab.json), then BOS (2) in front.
 */
class OptTokenizerParityTest {
    private static PromptTokenizer shipped;
    private static Encoding gpt2;
    private static int[] gpt2ToOpt;

    @BeforeAll
    static void load() {
        shipped = TextTestData.shippedTokenizer();
        gpt2 = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        JsonNode encoder = JsonFiles.readObject(TextTestData.gpt2BpeDir().resolve("encoder.json"));
        JsonNode optVocab = JsonFiles.readObject(TextTestData.shippedTokenizerDir().resolve("vocab.json"));
        gpt2ToOpt = new int[encoder.size()];
        Iterator<Map.Entry<String, JsonNode>> it = encoder.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            gpt2ToOpt[e.getValue().intValue()] = optVocab.get(e.getKey()).intValue();
        }
    }

    private static int[] expectedOptIds(String text) {
        int[] g = gpt2.encodeOrdinary(text).toArray();
        int[] out = new int[g.length + 1];
        out[0] = 2; // OPT's BOS </s>
        for (int i = 0; i < g.length; i++) {
            out[i + 1] = gpt2ToOpt[g[i]];
        }
        return out;
    }

    private static List<String> realSentences() {
        List<String> all = new ArrayList<>(TextTestData.stsDevSentences());
        for (String[] row : TextTestData.snliRows(40)) {
            all.addAll(List.of(row));
        }
        return all;
    }

    @Test
    void matchesJtokkitOnStsDevAndSnli() {
        List<String> sentences = realSentences();
        assertEquals(3000 + 120, sentences.size(), "STS-B dev has 1500 pairs; 40 SNLI triplets");
        long t0 = System.nanoTime();
        int[][] single = new int[sentences.size()][];
        for (int i = 0; i < sentences.size(); i++) {
            single[i] = shipped.encode(sentences.get(i), true);
        }
        long t1 = System.nanoTime();
        int[][] batch = shipped.encodeAll(sentences, true);
        long t2 = System.nanoTime();
        // Speed for the report (first pass, no warm-up): informative only.
        System.out.printf("PromptTokenizer on %d real sentences: encode %.0f sentences/s, encodeAll %.0f sentences/s%n",
                sentences.size(), sentences.size() / ((t1 - t0) / 1e9), sentences.size() / ((t2 - t1) / 1e9));
        for (int i = 0; i < sentences.size(); i++) {
            String s = sentences.get(i);
            assertArrayEquals(expectedOptIds(s), single[i], () -> "ids differ for: " + s);
        }
        for (int i = 0; i < sentences.size(); i++) {
            assertArrayEquals(expectedOptIds(sentences.get(i)), batch[i], "encodeAll row " + i);
        }
    }

    @Test
    void decodeInvertsEncodeOnRealSentences() {
        List<String> sentences = realSentences();
        int[][] ids = shipped.encodeAll(sentences, true);
        for (int i = 0; i < ids.length; i++) {
            assertEquals(sentences.get(i), shipped.decode(ids[i]), "round trip (BOS skipped)");
        }
    }

    @Test
    void tokenizerJsonPathGivesIdenticalIds(@TempDir Path tmp) throws Exception {
        // A model directory with only tokenizer.json (+ the configs), written from the vocab/merges path.
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Path shippedDir = TextTestData.shippedTokenizerDir();
        JsonNode json = ByteLevelBpeJson.synthesize(shippedDir.resolve("vocab.json"), shippedDir.resolve("merges.txt"),
                SpecialTokens.load(shippedDir));
        Files.writeString(dir.resolve("tokenizer.json"), JsonFiles.MAPPER.writeValueAsString(json));
        Files.copy(shippedDir.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        try (PromptTokenizer fromJson = PromptTokenizer.load(dir)) {
            assertEquals(dir.resolve("tokenizer.json"), fromJson.source());
            assertEquals(shipped.vocabSize(), fromJson.vocabSize());
            assertEquals(shipped.bosId(), fromJson.bosId());
            assertEquals(shipped.padId(), fromJson.padId());
            List<String> sentences = realSentences();
            int[][] viaJson = fromJson.encodeAll(sentences, true);
            int[][] viaVocab = shipped.encodeAll(sentences, true);
            for (int i = 0; i < sentences.size(); i++) {
                assertArrayEquals(viaVocab[i], viaJson[i], "tokenizer.json path differs for: " + sentences.get(i));
            }
        }
    }
}
