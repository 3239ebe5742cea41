package sentemb.eval.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.TestPaths;
import sentemb.eval.PromptEolEncoder;
import sentemb.eval.StsEvalOptions;
import sentemb.eval.StsEvaluator;
import sentemb.model.opt.OptConfig;
import sentemb.model.DecoderModel;
import sentemb.model.families.DecoderModels;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;
import sentemb.text.Demonstration;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * The search over a tiny random OPT (hidden 32, 2 layers, the real 50272-token vocabulary) on
 * the synthetic STS-B sample: every reported score must equal an evaluation of that single
 * demonstration done directly through {@link StsEvaluator}, outside the search.
 */
class IclSearchTest {
    private static final int BATCH = 32;
    private static final Path SAMPLE = TestPaths.repoRoot().resolve("data/sts-sample");

    @TempDir
    static Path tmp;
    static DecoderModel model;
    static PromptTokenizer tokenizer;
    static List<PoolEntry> pool;
    static IclSearchResult result;

    @BeforeAll
    static void search() throws IOException {
        OptConfig config = new OptConfig(50272, 32, 2, 4, 64, 512, 32, true, true, true, false, 0f, 0f, 1, 2, 2);
        model = DecoderModels.random(config, 20230714L, Device.cpu(), DataType.FLOAT32);
        tokenizer = PromptTokenizer.load(TestPaths.repoRoot().resolve("data/tokenizer"));
        Path poolFile = tmp.resolve("pool.tsv");
        Files.writeString(poolFile, "sentence\tword\tsource\n"
                + "A man is smoking.\tSmoking\topt-125m\n"
                + "A woman is chopping garlic on a wooden board.\tCooking\tsentemb\n"
                + "meat from a deer.\tVenison\topt-13b\n", StandardCharsets.UTF_8);
        pool = DemonstrationPool.load(poolFile);
        IclSearch search = IclSearch.forModel(model, tokenizer, Representation.forEvaluation(), BATCH);
        result = search.run(DevSelection.load(SAMPLE, 0, 0), pool);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    /** STS-B dev Spearman of one representation, evaluated directly (not through the search). */
    private static double direct(Representation r) {
        SequenceEmbedder embedder = SequenceEmbedder.packed(model, Pooling.LAST, true);
        PromptEolEncoder encoder = new PromptEolEncoder(embedder, tokenizer, r, BATCH);
        return new StsEvaluator(encoder, BATCH, false).evaluate(SAMPLE, StsEvalOptions.dev()).results().get(0).spearman();
    }

    @Test
    void rankingHoldsEveryCandidateAndTheBaselineSorted() {
        List<RankedCandidate> r = result.ranking();
        assertEquals(4, r.size());
        assertEquals(3, result.candidates());
        Set<Demonstration> seen = new HashSet<>();
        for (int i = 0; i < r.size(); i++) {
            assertEquals(i + 1, r.get(i).rank());
            assertTrue(Double.isFinite(r.get(i).spearman()));
            if (i > 0) {
                assertTrue(r.get(i - 1).spearman() >= r.get(i).spearman(), "sorted descending");
            }
            seen.add(r.get(i).demonstration());
        }
        Set<Demonstration> expected = new HashSet<>();
        pool.forEach(e -> expected.add(e.demonstration()));
        expected.add(null);
        assertEquals(expected, seen);
        assertEquals(RankedCandidate.BASELINE, result.baseline().source());
        assertEquals(200, result.dev().pairs());
    }

    @Test
    void everyScoreEqualsADirectEvaluationOfThatDemonstration() {
        Set<Double> distinct = new HashSet<>();
        for (RankedCandidate c : result.ranking()) {
            Representation r = Representation.forEvaluation().withDemonstration(c.demonstration());
            assertEquals(direct(r), c.spearman(), 0.0, c.label());
            distinct.add(c.spearman());
            if (!c.isBaseline()) {
                PoolEntry e = pool.stream().filter(p -> p.demonstration().equals(c.demonstration())).findFirst().orElseThrow();
                assertEquals(e.source(), c.source());
            }
        }
        // each demonstration changes the embeddings, so the scores differ
        assertEquals(4, distinct.size(), "scores " + distinct);
    }

    @Test
    void writesRankingAndBestAndReadsBestBack() throws IOException {
        Path out = tmp.resolve("out");
        result.write(out);
        List<String> lines = Files.readAllLines(out.resolve("ranking.tsv"), StandardCharsets.UTF_8);
        assertEquals(RankingTsv.HEADER, lines.get(0));
        assertEquals(5, lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split("\t", -1);
            RankedCandidate rc = result.ranking().get(i - 1);
            assertEquals(5, c.length, lines.get(i));
            assertEquals(i, Integer.parseInt(c[0]));
            assertEquals(100 * rc.spearman(), Double.parseDouble(c[1]), 5e-5);
            assertEquals(rc.isBaseline() ? "" : rc.demonstration().sentence(), c[2]);
            assertEquals(rc.isBaseline() ? "" : rc.demonstration().word(), c[3]);
            assertEquals(rc.source(), c[4]);
        }

        RankedCandidate best = result.best().orElseThrow();
        assertTrue(!best.isBaseline());
        assertTrue(result.ranking().stream().filter(c -> !c.isBaseline()).allMatch(c -> c.spearman() <= best.spearman()));
        Path json = out.resolve("best-demonstration.json");
        assertEquals(best.demonstration(), BestDemonstrationFile.readBest(json));
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(best.spearman(), j.get("spearman").asDouble(), 0.0);
        assertEquals(result.baseline().spearman(), j.get("baseline_spearman").asDouble(), 0.0);
        assertEquals(best.source(), j.get("source").asText());
        assertEquals(3, j.get("candidates").asInt());
        assertEquals("STSBenchmark", j.at("/evaluated_on/task").asText());
        assertEquals("dev", j.at("/evaluated_on/split").asText());
        assertEquals(200, j.at("/evaluated_on/pairs").asInt());
        assertTrue(j.at("/evaluated_on/subsample_seed").isNull());
        try (var files = Files.list(out)) {
            assertEquals(2, files.count(), "no temp files left behind");
        }
    }

    @Test
    void limitedSearchScoresTheSubsampleAndSaysSo() throws IOException {
        DevSelection dev = DevSelection.load(SAMPLE, 40, 11);
        IclSearch search = IclSearch.forModel(model, tokenizer, Representation.forEvaluation(), BATCH);
        IclSearchResult r = search.run(dev, pool.subList(0, 1));
        assertEquals(2, r.ranking().size());
        RankedCandidate c = r.best().orElseThrow();
        SequenceEmbedder embedder = SequenceEmbedder.packed(model, Pooling.LAST, true);
        double direct = new StsEvaluator(new PromptEolEncoder(embedder, tokenizer,
                Representation.forEvaluation().withDemonstration(c.demonstration()), BATCH), BATCH, false)
                .evaluate(dev.dataset()).result().spearman();
        assertEquals(direct, c.spearman(), 0.0);
        assertNotEquals(result.ranking().stream().filter(x -> c.demonstration().equals(x.demonstration()))
                .findFirst().orElseThrow().spearman(), c.spearman(), "40 pairs score differently from 200");
        Path out = tmp.resolve("limited");
        r.write(out);
        JsonNode j = new ObjectMapper().readTree(out.resolve("best-demonstration.json").toFile());
        assertEquals(40, j.at("/evaluated_on/pairs").asInt());
        assertEquals(200, j.at("/evaluated_on/total_pairs").asInt());
        assertEquals(11, j.at("/evaluated_on/subsample_seed").asLong());
        assertTrue(r.topTable(5).startsWith("demonstration search on STSBenchmark dev: 40 of 200 pairs, subsampled with seed 11"),
                r.topTable(5));
    }

    @Test
    void candidatesAreScoredWithTheEvaluationRepresentation() {
        IclSearch search = IclSearch.forModel(model, tokenizer, Representation.forEvaluation(), BATCH);
        Demonstration d = pool.get(1).demonstration();
        assertEquals(Representation.forEvaluation().withDemonstration(d), search.representation(d));
        assertTrue(search.representation(d).cleanup());
        assertEquals(Representation.forEvaluation(), search.representation(null));
        assertThrows(IllegalArgumentException.class, () -> search.run(DevSelection.load(SAMPLE, 10, 1), List.of()));
    }

    @Test
    void topTableListsTheFirstRowsAndAlwaysTheBaseline() {
        String all = result.topTable(10);
        for (RankedCandidate c : result.ranking()) {
            assertTrue(all.contains(c.spearmanX100()) && all.contains(c.label()), all);
        }
        String one = result.topTable(1);
        RankedCandidate first = result.ranking().get(0);
        RankedCandidate last = result.ranking().get(3);
        assertTrue(one.contains(first.label()), one);
        assertTrue(one.contains(result.baseline().label()), one);
        if (!first.isBaseline() && !last.isBaseline()) {
            assertTrue(!one.contains(last.label()), one);
        }
        assertThrows(IllegalArgumentException.class, () -> result.topTable(0));
    }
}
