package sentemb.eval.icl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sentemb.io.AtomicFiles;
import sentemb.text.Demonstration;

/**
 * {@code best-demonstration.json}, the search's winner in a form {@code eval}/{@code embed}
 * can take back as their demonstration:
 * <pre>
 * {"sentence": "...", "word": "...", "spearman": 0.7123, "source": "opt-125m",
 *  "baseline_spearman": 0.6987, "candidates": 39,
 *  "evaluated_on": {"task": "STSBenchmark", "split": "dev", "pairs": 500, "total_pairs": 1500, "subsample_seed": 42}}
 * </pre>
 * Spearman values are correlations in [-1, 1] (as in the eval results), null when undefined;
 * {@code subsample_seed} is null when every pair was used. Only {@code sentence} and
 * {@code word} are read back.
 */
public final class BestDemonstrationFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BestDemonstrationFile() {}

    static void write(Path file, RankedCandidate best, IclSearchResult result) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("sentence", best.demonstration().sentence());
        o.put("word", best.demonstration().word());
        putScore(o, "spearman", best.spearman());
        o.put("source", best.source());
        putScore(o, "baseline_spearman", result.baseline().spearman());
        o.put("candidates", result.candidates());
        ObjectNode on = o.putObject("evaluated_on");
        DevSelection dev = result.dev();
        on.put("task", dev.dataset().task().taskName());
        on.put("split", dev.dataset().split().label());
        on.put("pairs", dev.pairs());
        on.put("total_pairs", dev.totalPairs());
        if (dev.seed().isPresent()) {
            on.put("subsample_seed", dev.seed().getAsLong());
        } else {
            on.putNull("subsample_seed");
        }
        AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(o));
    }

    private static void putScore(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    /** The demonstration of a {@code best-demonstration.json} (or any JSON object with string {@code sentence} and {@code word}). */
    public static Demonstration readBest(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("demonstration file " + file + " does not exist or is not a file");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read demonstration file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object with \"sentence\" and \"word\", found "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        String sentence = text(file, root, "sentence");
        String word = text(file, root, "word");
        try {
            return new Demonstration(sentence, word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(Path file, JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(file + ": key \"" + key + "\" must be a string, found "
                    + (n == null ? "no such key" : n.getNodeType().toString().toLowerCase()));
        }
        return n.asText();
    }
}
