package sentemb.data.nli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import sentemb.TestPaths;

/** The shipped synthetic samples under data/ have the promised shape (see data/README.md). */
class SampleDataTest {

    @Test
    void nliSampleReadsCleanly() throws IOException {
        NliDataset data = new NliTripletReader().read(TestPaths.repoRoot().resolve("data/nli-sample.csv"));
        assertEquals(600, data.size());
        assertEquals(NliFormat.TRIPLET, data.format());
        assertTrue(data.badRows().isClean());
        Set<String> anchors = new HashSet<>();
        int quoted = 0;
        for (Triplet t : data) {
            assertTrue(anchors.add(t.anchor()), "duplicate anchor on line " + t.line());
            quoted += t.anchor().contains(",") ? 1 : 0;
        }
        assertEquals(120, quoted, "anchors with a comma exercise RFC 4180 quoting");
        // no-duplicate batching is feasible at the demo's batch sizes
        EpochSampler s = EpochSampler.builder(data).batchSize(64).seed(42).noDuplicateTexts(true).build();
        assertEquals(10, s.batchesOfEpoch(0).length);
    }

    @Test
    void stsSampleHasTheStsBenchmarkLayout() throws IOException {
        Path dir = TestPaths.repoRoot().resolve("data/sts-sample/STS/STSBenchmark");
        Set<String> pairs = new HashSet<>();
        for (String split : List.of("dev", "test")) {
            List<String> lines = Files.readAllLines(dir.resolve("sts-" + split + ".csv"), StandardCharsets.UTF_8);
            assertEquals(200, lines.size());
            Set<Double> levels = new TreeSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).split("\t", -1);
                assertEquals(7, f.length, split + " line " + (i + 1));
                assertEquals(String.format("%04d", i), f[3]);
                double score = Double.parseDouble(f[4]);
                assertTrue(score >= 0 && score <= 5 && score * 2 == Math.rint(score * 2), "score " + f[4]);
                levels.add(score);
                assertTrue(pairs.add(f[5] + "\t" + f[6]), "pair repeated: " + lines.get(i));
            }
            assertEquals(11, levels.size(), "all levels 0, 0.5, ..., 5 occur in " + split);
        }
    }
}
