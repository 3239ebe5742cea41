package sentemb.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds, in memory, the {@code tokenizer.json} that Hugging Face's converter makes for a
 * GPT-2-style byte-level BPE tokenizer such as OPT's ({@code GPT2Converter} in transformers):
 * no normalizer, ByteLevel pre-tokenizer without prefix space, BPE model over
 * {@code vocab.json} + {@code merges.txt}, ByteLevel decoder, the declared special tokens as
 * added tokens, and a post-processor that prepends BOS when {@code add_bos_token} is set.
 * Handing this to the Rust tokenizers library makes the vocab/merges path and the
 * tokenizer.json path share one implementation.
 */
final class ByteLevelBpeJson {
    static final String VOCAB = "vocab.json";
    static final String MERGES = "merges.txt";

    private ByteLevelBpeJson() {}

    static ObjectNode synthesize(Path vocabFile, Path mergesFile, SpecialTokens specials) {
        ObjectNode vocab = readVocab(vocabFile);
        ArrayNode merges = readMerges(mergesFile);

        ObjectNode root = JsonFiles.MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (SpecialTokens.AddedToken t : specials.distinct()) {
            JsonNode id = vocab.get(t.content());
            if (id == null) {
                throw new IllegalArgumentException("special token " + t.content() + " declared in the tokenizer config is not in "
                        + vocabFile);
            }
            ObjectNode a = added.addObject();
            a.put("id", id.intValue());
            a.put("content", t.content());
            a.put("single_word", t.singleWord());
            a.put("lstrip", t.lstrip());
            a.put("rstrip", t.rstrip());
            a.put("normalized", t.normalized());
            a.put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false, true));
        if (specials.addBosToken()) {
            String bos = specials.content("bos_token");
            root.set("post_processor", bosTemplate(bos, vocab.get(bos).intValue()));
        } else {
            root.set("post_processor", byteLevel(true, false));
        }
        root.set("decoder", byteLevel(true, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.set("vocab", vocab);
        model.set("merges", merges);
        return root;
    }

    /** A ByteLevel component; add_prefix_space only matters in the pre-tokenizer (false for OPT). */
    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode n = JsonFiles.MAPPER.createObjectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", addPrefixSpace);
        n.put("trim_offsets", trimOffsets);
        n.put("use_regex", true);
        return n;
    }

    /** TemplateProcessing "bos $A" / "bos $A $B", as transformers builds it for add_bos_token. */
    private static ObjectNode bosTemplate(String bos, int bosId) {
        ObjectNode n = JsonFiles.MAPPER.createObjectNode();
        n.put("type", "TemplateProcessing");
        ArrayNode single = n.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = n.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode st = n.putObject("special_tokens").putObject(bos);
        st.put("id", bos);
        st.putArray("ids").add(bosId);
        st.putArray("tokens").add(bos);
        return n;
    }

    /** vocab.json: an object from token to non-negative integer id. */
    static ObjectNode readVocab(Path file) {
        JsonNode root = JsonFiles.readObject(file);
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber() || e.getValue().intValue() < 0) {
                throw new IllegalArgumentException("malformed " + file + ": key " + JsonFiles.MAPPER.valueToTree(e.getKey())
                        + " must map to a non-negative integer id, found " + e.getValue());
            }
        }
        if (root.isEmpty()) {
            throw new IllegalArgumentException("malformed " + file + ": the vocabulary is empty");
        }
        return (ObjectNode) root;
    }

    /**
     * merges.txt: an optional {@code #version} first line, then one merge per line, two symbols
     * separated by one space. Blank lines are skipped, like the Rust reader does.
     */
    static ArrayNode readMerges(Path file) {
        ArrayNode merges = JsonFiles.MAPPER.createArrayNode();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if ((lineNo == 1 && line.startsWith("#version")) || line.isEmpty()) {
                    continue;
                }
                int space = line.indexOf(' ');
                if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
                    throw new IllegalArgumentException("malformed " + file + " line " + lineNo
                            + ": expected two symbols separated by one space, found \"" + line + "\"");
                }
                merges.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return merges;
    }
}
