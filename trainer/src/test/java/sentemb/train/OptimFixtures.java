package sentemb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import sentemb.TestPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Loads the golden values written by scripts/make_optim_fixtures.py and compares arrays. */
final class OptimFixtures {
    private OptimFixtures() {}

    static JsonNode load(String name) {
        Path p = TestPaths.fixtures().resolve("optim").resolve(name);
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + p + " (run scripts/make_optim_fixtures.py)", e);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static Shape shape(JsonNode shape) {
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong();
        }
        return new Shape(dims);
    }

    /** A {"shape", "data"} node as an array of the given type. */
    static NDArray tensor(NDManager m, JsonNode node, DataType type) {
        Shape s = shape(node.get("shape"));
        if (type == DataType.FLOAT64) {
            return m.create(doubles(node.get("data")), s);
        }
        return m.create(floats(node.get("data")), s);
    }

    static double[] values(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** |actual - expected| <= atol + rtol * |expected| element-wise. */
    static void assertClose(double[] expected, double[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= atol + rtol * Math.abs(expected[i]))) {
                fail(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (error " + err + ")");
            }
        }
    }

    static void assertClose(JsonNode expected, NDArray actual, double rtol, double atol, String what) {
        assertEquals(shape(expected.get("shape")), actual.getShape(), what + ": shape");
        assertClose(doubles(expected.get("data")), values(actual), rtol, atol, what);
    }
}
