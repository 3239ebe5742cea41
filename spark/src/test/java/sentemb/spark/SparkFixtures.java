package sentemb.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import sentemb.cli.Main;

/**
 * What the Spark tests share, made once per test JVM: a local[2] session (the jobs run
 * in-process and reuse it), a tiny random model made by {@code sentemb init}, and helpers that
 * run {@code sentemb} and the jobs in-process.
 */
final class SparkFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;
    private static Path root;
    private static Path tinyModel;

    private SparkFixtures() {}

    static synchronized SparkSession spark() {
        if (spark == null) {
            System.setProperty("sentemb.spark.keepSession", "true");
            spark = SparkSession.builder().master("local[2]").appName("sentemb tests").config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4").config("spark.driver.host", "127.0.0.1").getOrCreate();
        }
        return spark;
    }

    static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("sentemb-spark-tests");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** The shared real data (STS-B, SNLI): the {@code sentemb.shared} property the parent pom sets, plus {@code data}. */
    static Path sharedData() {
        return Path.of(System.getProperty("sentemb.shared", "../../shared")).resolve("data").normalize();
    }

    /** A random OPT (hidden 32, 2 layers) with the shipped tokenizer. */
    static synchronized Path tinyModel() {
        if (tinyModel == null) {
            Path dir = root().resolve("tiny32");
            sentemb("init", "--output", dir.toString(), "--hidden", "32", "--layers", "2", "--heads", "2", "--ffn", "64", "--seed", "7");
            tinyModel = dir;
        }
        return tinyModel;
    }

    /** Runs {@code sentemb} in-process, requires exit 0, returns stdout. */
    static String sentemb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, () -> "sentemb " + String.join(" ", args) + ": " + out + err);
        return out.toString();
    }

    /** What a job run printed. */
    record Run(int exitCode, String out, String err) {}

    static Run embedJob(Object... args) {
        spark();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkEmbedJob.run(new PrintWriter(out), new PrintWriter(err), strings(args));
        return new Run(code, out.toString(), err.toString());
    }

    static Run evalJob(Object... args) {
        spark();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkEvalJob.run(new PrintWriter(out), new PrintWriter(err), strings(args));
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] strings(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        return a;
    }

    /** The {@code embedding} of each JSONL line (sentemb embed's output, or one part file). */
    static List<float[]> jsonlVectors(List<String> lines) throws IOException {
        List<float[]> out = new ArrayList<>();
        for (String line : lines) {
            out.add(floats(JSON.readTree(line).get("embedding")));
        }
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    /** Sentences of varied length, some sharing first words (longer shared prompt prefixes in a batch). */
    static List<String> sentences(int n) {
        String[] words = {"the", "cat", "sat", "on", "a", "mat", "while", "two", "dogs", "played", "in", "snow", "quickly", "."};
        List<String> out = new ArrayList<>();
        long x = 12345;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            int len = 1 + (int) ((x >>> 33) % 17);
            StringBuilder s = new StringBuilder(i % 5 == 0 ? "The" : "A");
            for (int w = 0; w < len; w++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                s.append(' ').append(words[(int) ((x >>> 33) % words.length)]);
            }
            out.add(s.toString());
        }
        return out;
    }
}
