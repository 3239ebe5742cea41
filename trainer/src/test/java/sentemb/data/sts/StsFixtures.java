package sentemb.data.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import sentemb.TestPaths;

/**
 * Test data for STS: the fixtures written by scripts/sts_reference.py (synthetic SentEval
 * folders plus what SentEval's reading and scipy give for them) and the real STS-B files.
 */
public final class StsFixtures {
    private StsFixtures() {}

    public static Path fixtureDir() {
        return TestPaths.fixtures().resolve("sts");
    }

    /** The synthetic downstream folder (STS12, STS13, SICK test + trial). */
    public static Path syntheticDownstream() {
        return fixtureDir().resolve("downstream");
    }

    /** The real STS Benchmark folder in the shared data. */
    public static Path realStsBenchmark() {
        return TestPaths.sharedData().resolve("downstream/STS/STSBenchmark");
    }

    public static JsonNode expected() {
        return readJson(fixtureDir().resolve("expected.json"));
    }

    public static JsonNode pythonText() {
        return readJson(fixtureDir().resolve("python_text.json"));
    }

    /** Copies the synthetic downstream folder plus the real STS-B files into {@code target}. */
    public static Path downstreamWithRealStsb(Path target) throws IOException {
        copyTree(syntheticDownstream(), target);
        Path stsb = target.resolve("STS/STSBenchmark");
        Files.createDirectories(stsb);
        for (String split : List.of("train", "dev", "test")) {
            Files.copy(realStsBenchmark().resolve("sts-" + split + ".csv"), stsb.resolve("sts-" + split + ".csv"));
        }
        return target;
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static JsonNode readJson(Path p) {
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
