package sentemb.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sentemb.io.AtomicFiles;
import sentemb.model.Pooling;
import sentemb.text.Demonstration;
import sentemb.text.PromptTemplate;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * {@code sentemb.json} beside an exported model: how the model turns a sentence into a
 * vector (template, demonstration, pooling, training cutoff), so it embeds exactly as it was
 * trained. A plain Hugging Face directory has none and gets PromptEOL defaults. {@code padding}
 * records the pad id and where it came from (informational: under the attention mask any id
 * gives the same vectors; LLaMA ships no pad token, so 0 is used, as in the reference).
 */
public record EmbeddingSpec(int format, String template, DemonstrationSpec demonstration, String pooling, int cutoff,
        String padding) {
    public static final String FILE = "sentemb.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** An in-context demonstration as stored. */
    public record DemonstrationSpec(String sentence, String word) {}

    public static EmbeddingSpec of(Representation r, int trainingCutoff) {
        DemonstrationSpec d = r.demonstration().map(x -> new DemonstrationSpec(x.sentence(), x.word())).orElse(null);
        return new EmbeddingSpec(1, r.template().referenceSyntax(), d, r.pooling().name().toLowerCase(), trainingCutoff, null);
    }

    /** The same spec noting the tokenizer's pad id and its source. */
    public EmbeddingSpec withPadding(PromptTokenizer tokenizer) {
        return new EmbeddingSpec(format, template, demonstration, pooling, cutoff,
                tokenizer.padId() + " (" + tokenizer.padSource() + ")");
    }

    /** The evaluation/embedding representation (no cutoff: evaluation never cuts). */
    public Representation representation() {
        Representation r = Representation.promptEol().withTemplate(PromptTemplate.parse(template))
                .withPooling(Pooling.parse(pooling));
        return demonstration == null ? r : r.withDemonstration(new Demonstration(demonstration.sentence(), demonstration.word()));
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.writeBytes(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    /** Reads {@code dir/sentemb.json}, or null when the directory has none. */
    public static EmbeddingSpec read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            EmbeddingSpec s = JSON.readValue(f.toFile(), EmbeddingSpec.class);
            if (s.template() == null || s.pooling() == null) {
                throw new IllegalArgumentException(f + ": needs \"template\" and \"pooling\"");
            }
            s.representation(); // validates template and pooling
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": not a valid sentemb.json: " + e.getMessage(), e);
        }
    }
}
