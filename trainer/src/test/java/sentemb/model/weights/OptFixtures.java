package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import sentemb.TestPaths;

/** The tiny OPT fixtures written by scripts/make_opt_fixtures.py, and checks against their golden.json. */
final class OptFixtures {

    static final String A = "a_preln_safetensors_f32";
    static final String B = "b_postln_proj_bin_f16";
    static final String C = "c_preln_sharded_safetensors_bf16";
    static final String D = "d_preln_sharded_bin_nobias";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OptFixtures() {}

    static Path dir() {
        return TestPaths.fixtures().resolve("opt");
    }

    static Path variant(String name) {
        return dir().resolve(name);
    }

    static JsonNode json(Path p) throws IOException {
        return JSON.readTree(p.toFile());
    }

    static JsonNode golden(String variant) throws IOException {
        return json(variant(variant).resolve("golden.json"));
    }

    /** Every tensor of the golden file is in {@code tensors} with its shape and the Python-computed checksums. */
    static void assertMatchesGolden(JsonNode golden, Map<String, HostTensor> tensors) {
        JsonNode expected = golden.get("tensors");
        assertEquals(expected.size(), tensors.size(), "tensor count");
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            HostTensor t = tensors.get(e.getKey());
            assertTrue(t != null, "missing tensor " + e.getKey());
            assertChecksums(e.getKey(), e.getValue(), t);
        }
    }

    static void assertChecksums(String name, JsonNode exp, HostTensor t) {
        long[] shape = new long[exp.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = exp.get("shape").get(i).asLong();
        }
        assertArrayEquals(shape, t.shape(), name + " shape");
        float[] v = t.data();
        JsonNode first = exp.get("first");
        for (int i = 0; i < first.size(); i++) {
            assertEquals((float) first.get(i).asDouble(), v[i], 0f, name + " element " + i);
        }
        assertEquals((float) exp.get("last").asDouble(), v[v.length - 1], 0f, name + " last element");
        double sum = 0;
        double abs = 0;
        double weighted = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            abs += Math.abs(v[i]);
            weighted += v[i] * (double) (i % 7 + 1);
        }
        double tol = 1e-9 * Math.max(1, exp.get("abs_sum").asDouble());
        assertEquals(exp.get("sum").asDouble(), sum, tol, name + " sum");
        assertEquals(exp.get("abs_sum").asDouble(), abs, tol, name + " abs sum");
        assertEquals(exp.get("weighted_sum").asDouble(), weighted, 7 * tol, name + " weighted sum");
    }
}
