package sentemb.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.data.sts.StsDataLoader;
import sentemb.data.sts.StsFixtures;
import sentemb.data.sts.StsLoadResult;
import sentemb.data.sts.StsSplit;
import sentemb.data.sts.StsTask;

/**
 * End to end with the bag-of-letters encoder; every expected number comes from
 * scripts/sts_reference.py (SentEval-style reading, numpy cosine, scipy correlations).
 */
class StsEvaluatorTest {

    private static final double TOL = 1e-12;
    private static final JsonNode EXPECTED = StsFixtures.expected();

    @TempDir
    static Path tmp;
    static Path downstream;

    @BeforeAll
    static void setUp() throws Exception {
        downstream = StsFixtures.downstreamWithRealStsb(tmp.resolve("downstream"));
    }

    @Test
    void testModeMatchesReference() {
        BagOfLettersEncoder enc = new BagOfLettersEncoder();
        StsEvaluation ev = new StsEvaluator(enc, 5, false).evaluate(downstream, StsEvalOptions.test());
        Map<String, StsTaskRun> runs = ev.runs().stream()
                .collect(Collectors.toMap(r -> r.result().task(), Function.identity()));
        assertEquals(List.of("STS12", "STS13", "STS14", "STS15", "STS16", "STSBenchmark", "SICKRelatedness"),
                ev.results().stream().map(StsTaskResult::task).toList());

        for (String task : List.of("STS12", "STS13")) {
            StsTaskRun run = runs.get(task);
            StsTaskResult r = run.result();
            JsonNode e = EXPECTED.get(task);
            assertEquals(StsStatus.OK, r.status());
            assertEquals("test", r.split());
            assertEquals(e.get("pairs").asInt(), r.pairs());
            // headline = SentEval "all": every subset pooled
            assertEquals(e.get("all").get("spearman").asDouble(), r.spearman(), TOL, task);
            assertEquals(e.get("all").get("pearson").asDouble(), r.pearson(), TOL, task);
            assertEquals(e.get("mean").get("spearman").asDouble(), r.mean().spearman(), TOL);
            assertEquals(e.get("mean").get("pearson").asDouble(), r.mean().pearson(), TOL);
            assertEquals(e.get("wmean").get("spearman").asDouble(), r.wmean().spearman(), TOL);
            assertEquals(e.get("wmean").get("pearson").asDouble(), r.wmean().pearson(), TOL);
            for (SubsetScore s : r.subsets()) {
                JsonNode es = e.get("subsets").get(s.name());
                assertEquals(es.get("pairs").asInt(), s.pairs(), s.name());
                assertEquals(es.get("spearman").asDouble(), s.spearman(), TOL, s.name());
                assertEquals(es.get("pearson").asDouble(), s.pearson(), TOL, s.name());
                // the deduplicated, length-sorted encoding maps back to the right pairs
                double[] cos = run.predictions().stream().filter(p -> p.subset().equals(s.name()))
                        .mapToDouble(ScoredPair::cosine).toArray();
                assertArrayEquals(StsFixtures.doubles(es.get("cosines")), cos, 0.0, s.name());
            }
            assertEquals(StsTask.fromName(task).subsets(), r.subsets().stream().map(SubsetScore::name).toList());
        }
        // MSRvid's "1234"/"5678" pair has no letters: cosine 0 as np.nan_to_num gives
        assertTrue(runs.get("STS12").predictions().stream().anyMatch(p -> p.sentence1().equals("1234") && p.cosine() == 0.0));

        for (String task : List.of("STS14", "STS15", "STS16")) {
            StsTaskResult r = runs.get(task).result();
            assertEquals(StsStatus.MISSING, r.status(), task);
            assertEquals(2 * StsTask.fromName(task).subsets().size(), r.missingFiles().size());
            assertTrue(Double.isNaN(r.spearman()));
            assertTrue(runs.get(task).predictions().isEmpty());
        }

        StsTaskResult stsb = runs.get("STSBenchmark").result();
        JsonNode eb = EXPECTED.get("STSBenchmark").get("test");
        assertEquals(1379, stsb.pairs());
        assertEquals(eb.get("spearman").asDouble(), stsb.spearman(), TOL);
        assertEquals(eb.get("pearson").asDouble(), stsb.pearson(), TOL);
        assertNull(stsb.mean());
        assertTrue(stsb.subsets().isEmpty());

        StsTaskResult sick = runs.get("SICKRelatedness").result();
        JsonNode ek = EXPECTED.get("SICKRelatedness").get("test");
        assertEquals(ek.get("pairs").asInt(), sick.pairs());
        assertEquals(ek.get("spearman").asDouble(), sick.spearman(), TOL);
        assertEquals(ek.get("pearson").asDouble(), sick.pearson(), TOL);

        // batches of at most 5 (dedupe is per task, checked below)
        assertTrue(enc.batchSizes.stream().allMatch(b -> b >= 1 && b <= 5));
    }

    @Test
    void everySentenceOfATaskIsEncodedExactlyOnce() {
        BagOfLettersEncoder enc = new BagOfLettersEncoder();
        StsDataLoader loader = new StsDataLoader(downstream);
        StsLoadResult loaded = loader.load(StsTask.STS12, StsSplit.TEST);
        StsTaskRun run = new StsEvaluator(enc, 4, false).evaluate(loaded);
        Set<String> sentences = new HashSet<>();
        run.predictions().forEach(p -> {
            sentences.add(p.sentence1());
            sentences.add(p.sentence2());
        });
        assertEquals(sentences, new HashSet<>(enc.seen));
        assertEquals(sentences.size(), enc.seen.size());
    }

    @Test
    void devModeIsStsbDev() {
        StsEvaluation ev = new StsEvaluator(new BagOfLettersEncoder(), 64, false).evaluate(downstream, StsEvalOptions.dev());
        assertEquals(1, ev.runs().size());
        StsTaskResult r = ev.results().get(0);
        JsonNode e = EXPECTED.get("STSBenchmark").get("dev");
        assertEquals("STSBenchmark", r.task());
        assertEquals("dev", r.split());
        assertEquals(1500, r.pairs());
        assertEquals(e.get("spearman").asDouble(), r.spearman(), TOL);
        assertEquals(e.get("pearson").asDouble(), r.pearson(), TOL);
    }

    @Test
    void sickDevIsTheTrialFile() {
        StsEvaluation ev = new StsEvaluator(new BagOfLettersEncoder(), 3, false)
                .evaluate(downstream, StsEvalOptions.of(List.of("SICK-R"), "dev"));
        JsonNode e = EXPECTED.get("SICKRelatedness").get("dev");
        StsTaskResult r = ev.results().get(0);
        assertEquals(e.get("pairs").asInt(), r.pairs());
        assertEquals(e.get("spearman").asDouble(), r.spearman(), TOL);
    }

    @Test
    void optionsRejectImpossibleSelections() {
        assertThrows(IllegalArgumentException.class, () -> StsEvalOptions.of(List.of("STS12"), "dev"));
        assertThrows(IllegalArgumentException.class, () -> StsEvalOptions.of(List.of("STSB", "stsbenchmark"), "test"));
        assertThrows(IllegalArgumentException.class, () -> StsEvalOptions.of(List.of("STS17"), "test"));
        assertEquals(List.of(StsTask.STS_BENCHMARK, StsTask.SICK_RELATEDNESS), StsEvalOptions.of(List.of(), "dev").tasks());
    }

    @Test
    void brokenEncoderOutputIsAnError() {
        SentenceEncoder shortRows = new SentenceEncoder() {
            @Override
            public float[][] encode(List<String> sentences) {
                return new float[sentences.size()][3];
            }

            @Override
            public int dimension() {
                return 4;
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new StsEvaluator(shortRows, 8, false).evaluate(downstream, StsEvalOptions.dev()));
        assertTrue(e.getMessage().contains("STSBenchmark dev") && e.getMessage().contains("width 3"), e.getMessage());
    }
}
