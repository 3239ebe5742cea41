package sentemb.eval.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import sentemb.TestPaths;

/** Reads the JSON fixtures written by scripts/transfer_reference.py. */
final class Fixtures {
    private Fixtures() {}

    static JsonNode read(String name) {
        try {
            return new ObjectMapper().readTree(TestPaths.fixtures().resolve("transfer").resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[][] matrix(JsonNode rows) {
        float[][] m = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            m[i] = floats(rows.get(i));
        }
        return m;
    }

    static float[] floats(JsonNode values) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values.get(i).asDouble();
        }
        return v;
    }

    static int[] ints(JsonNode values) {
        int[] v = new int[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).asInt();
        }
        return v;
    }

    /** A string of single digits, one per sample. */
    static int[] digits(String s) {
        int[] v = new int[s.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.charAt(i) - '0';
        }
        return v;
    }

    static float[][] rowsRange(float[][] x, int from, int to) {
        float[][] out = new float[to - from][];
        System.arraycopy(x, from, out, 0, to - from);
        return out;
    }

    static int[] range(int[] y, int from, int to) {
        return java.util.Arrays.copyOfRange(y, from, to);
    }

    /** The fixture's initial weights, for every fit (as torch.manual_seed(seed) gives them). */
    static InitialWeights init(JsonNode init) {
        float[][] w = matrix(init.get("weight"));
        float[] b = floats(init.get("bias"));
        return (dim, numClasses) -> {
            if (w.length != numClasses || w[0].length != dim) {
                throw new IllegalArgumentException("fixture init is " + w.length + "x" + w[0].length);
            }
            float[][] copy = new float[w.length][];
            for (int i = 0; i < w.length; i++) {
                copy[i] = w[i].clone();
            }
            return new InitialWeights.Values(copy, b.clone());
        };
    }

    static ClassifierConfig config(JsonNode c) {
        return new ClassifierConfig(c.get("kfold").asInt(), c.get("batchSize").asInt(), c.get("tenacity").asInt(),
                c.get("epochSize").asInt(), c.get("maxEpoch").asInt(), ClassifierConfig.SENTEVAL_L2_GRID, 0.05,
                1e-3f);
    }
}
