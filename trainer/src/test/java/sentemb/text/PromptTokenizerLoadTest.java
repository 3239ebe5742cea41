package sentemb.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading rules, ids of the special tokens, and errors for incomplete or broken directories. */
class PromptTokenizerLoadTest {

    @Test
    void shippedTokenizerHasOptSpecialIds() {
        PromptTokenizer t = TextTestData.shippedTokenizer();
        assertEquals(2, t.bosId(), "OPT's BOS is </s> = 2");
        assertEquals(1, t.padId(), "<pad> = 1 (no config.json here)");
        assertEquals(50257 + 4, t.vocabSize(), "GPT-2's 50257 tokens after OPT's 4 specials");
        assertTrue(t.addBosToken());
        assertEquals(TextTestData.shippedTokenizerDir().resolve("vocab.json"), t.source());
    }

    @Test
    void bosIsPrependedAndNothingAppended() {
        PromptTokenizer t = TextTestData.shippedTokenizer();
        // GPT-2 ids: "Hello" 15496, " world" 995 (encoder.json) → OPT ids +4.
        assertArrayEquals(new int[] {2, 15500, 999}, t.encode("Hello world", true));
        assertArrayEquals(new int[] {15500, 999}, t.encode("Hello world", false));
        assertArrayEquals(new int[] {2}, t.encode("", true));
        assertArrayEquals(new int[0], t.encode("", false));
    }

    @Test
    void specialTokenInTextIsOneToken() {
        PromptTokenizer t = TextTestData.shippedTokenizer();
        // "</s>" and "<pad>" are added special tokens, as in transformers' OPT tokenizer; "<s>" is not.
        assertArrayEquals(new int[] {15500, 2, 999}, t.encode("Hello</s> world", false));
        assertArrayEquals(new int[] {1}, t.encode("<pad>", false));
        assertEquals(3, t.encode("<s>", false).length, "<s> is split into <, s, >");
    }

    @Test
    void decodeSkipsSpecialsAndRejectsUnknownIds() {
        PromptTokenizer t = TextTestData.shippedTokenizer();
        assertEquals("Hello world", t.decode(new int[] {2, 15500, 999}));
        assertEquals("</s>Hello world", t.decode(new int[] {2, 15500, 999}, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {15500, 50261}));
        assertTrue(e.getMessage().contains("50261") && e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test
    void padIdComesFromConfigJsonWhenPresent(@TempDir Path tmp) throws Exception {
        Path dir = copyShipped(tmp);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"opt\", \"pad_token_id\": 0}");
        try (PromptTokenizer t = PromptTokenizer.load(dir)) {
            assertEquals(0, t.padId());
            assertEquals(2, t.bosId());
        }
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"opt\"}");
        try (PromptTokenizer t = PromptTokenizer.load(dir)) {
            assertEquals(1, t.padId(), "no pad_token_id: the tokenizer's <pad>");
        }
        Files.writeString(dir.resolve("config.json"), "{\"pad_token_id\": \"one\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("pad_token_id"), e.getMessage());
    }

    @Test
    void missingFilesAreAllListed(@TempDir Path tmp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(tmp));
        String m = e.getMessage();
        for (String name : List.of("vocab.json", "merges.txt", "tokenizer_config.json")) {
            assertTrue(m.contains(name), () -> "message should name " + name + ": " + m);
        }
        assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(tmp.resolve("absent")));
    }

    @Test
    void onlyMergesMissing(@TempDir Path tmp) throws Exception {
        Path dir = copyShipped(tmp);
        Files.delete(dir.resolve("merges.txt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(dir));
        assertTrue(e.getMessage().contains("missing merges.txt"), e.getMessage());
    }

    @Test
    void malformedJsonNamesTheFile(@TempDir Path tmp) throws Exception {
        Path dir = copyShipped(tmp);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(dir));
        assertTrue(e.getMessage().contains("malformed JSON") && e.getMessage().contains("tokenizer_config.json"), e.getMessage());

        Path dir2 = copyShipped(tmp.resolve("b"));
        Files.writeString(dir2.resolve("vocab.json"), "[1, 2]");
        e = assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(dir2));
        assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("JSON object"), e.getMessage());

        Path dir3 = copyShipped(tmp.resolve("c"));
        Files.writeString(dir3.resolve("tokenizer.json"), "{\"model\": ");
        e = assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(dir3));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void badMergeLineNamesFileAndLine(@TempDir Path tmp) throws Exception {
        Path dir = copyShipped(tmp);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nĠ t\nĠtoo_few\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(dir));
        assertTrue(e.getMessage().contains("merges.txt line 3"), e.getMessage());
    }

    @Test
    void bosTokenMustBeInTheVocabulary(@TempDir Path tmp) throws Exception {
        Path dir = copyShipped(tmp);
        Files.delete(dir.resolve("special_tokens_map.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<bos>\", \"pad_token\": \"<pad>\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptTokenizer.load(dir));
        assertTrue(e.getMessage().contains("<bos>"), e.getMessage());
    }

    @Test
    void addBosTokenFalseIsHonouredAndPadDefaultsToZero(@TempDir Path tmp) throws Exception {
        Path dir = copyShipped(tmp);
        Files.delete(dir.resolve("special_tokens_map.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"</s>\", \"add_bos_token\": false}");
        try (PromptTokenizer t = PromptTokenizer.load(dir)) {
            assertEquals(false, t.addBosToken());
            assertEquals(0, t.padId(), "no pad token declared anywhere: 0, as the reference pads LLaMA");
            assertTrue(t.padSource().contains("0 used"), t.padSource());
            assertArrayEquals(new int[] {15500, 999}, t.encode("Hello world", true), "the tokenizer's rule: no BOS");
        }
    }

    static Path copyShipped(Path tmp) throws Exception {
        Path dir = tmp.resolve("tok");
        Files.createDirectories(dir);
        for (String f : List.of("vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json")) {
            Files.copy(TextTestData.shippedTokenizerDir().resolve(f), dir.resolve(f));
        }
        return dir;
    }
}
