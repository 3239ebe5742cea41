package sentemb.text;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The committed data/tokenizer files are what the generator makes, and have OPT's layout. */
class OptVocabBuilderTest {

    @Test
    void committedFilesAreUpToDate(@TempDir Path tmp) throws Exception {
        OptVocabBuilder.build(TextTestData.gpt2BpeDir(), tmp);
        for (String f : List.of("vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json", "NOTICE")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve(f)), Files.readAllBytes(TextTestData.shippedTokenizerDir().resolve(f)),
                    "data/tokenizer/" + f + " differs from what OptVocabBuilder writes: regenerate it");
        }
    }

    @Test
    void vocabIsOptSpecialsThenGpt2ShiftedByFour() {
        JsonNode vocab = JsonFiles.readObject(TextTestData.shippedTokenizerDir().resolve("vocab.json"));
        JsonNode encoder = JsonFiles.readObject(TextTestData.gpt2BpeDir().resolve("encoder.json"));
        assertEquals(encoder.size() + 4, vocab.size());
        assertEquals(0, vocab.get("<s>").intValue());
        assertEquals(1, vocab.get("<pad>").intValue());
        assertEquals(2, vocab.get("</s>").intValue());
        assertEquals(3, vocab.get("<unk>").intValue());
        Iterator<Map.Entry<String, JsonNode>> it = encoder.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(e.getValue().intValue() + 4, vocab.get(e.getKey()).intValue(), e.getKey());
        }
    }

    @Test
    void configsNameOptSpecialTokens() {
        SpecialTokens s = SpecialTokens.load(TextTestData.shippedTokenizerDir());
        assertEquals("</s>", s.content("bos_token"));
        assertEquals("</s>", s.content("eos_token"));
        assertEquals("</s>", s.content("unk_token"));
        assertEquals("<pad>", s.content("pad_token"));
        assertEquals(true, s.addBosToken());
    }
}
