package sentemb.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sentemb.TestPaths;

/** The tiny llama / mistral / qwen2 checkpoints and golden values of scripts/make_llama_fixtures.py. */
public final class LlamaFixtures {
    public static final List<String> FAMILIES = List.of("llama", "mistral", "qwen2");

    private LlamaFixtures() {}

    public static Path dir(String family) {
        return TestPaths.fixtures().resolve("llama").resolve(family);
    }

    public static JsonNode golden(String family) {
        try {
            return new ObjectMapper().readTree(dir(family).resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> sentences(JsonNode golden) {
        List<String> out = new ArrayList<>();
        golden.get("sentences").forEach(s -> out.add(s.asText()));
        return out;
    }

    public static float[][] matrix(JsonNode rows) {
        float[][] out = new float[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            out[r] = new float[rows.get(r).size()];
            for (int k = 0; k < out[r].length; k++) {
                out[r][k] = (float) rows.get(r).get(k).asDouble();
            }
        }
        return out;
    }

    public static int[] ints(JsonNode row) {
        int[] out = new int[row.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = row.get(i).asInt();
        }
        return out;
    }

    /** max |a − b| / max |b| over one vector. */
    public static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double scale = 0;
        for (int k = 0; k < expected.length; k++) {
            diff = Math.max(diff, Math.abs(actual[k] - expected[k]));
            scale = Math.max(scale, Math.abs(expected[k]));
        }
        return diff / scale;
    }
}
