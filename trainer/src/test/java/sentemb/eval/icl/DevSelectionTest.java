package sentemb.eval.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import sentemb.TestPaths;
import sentemb.data.sts.StsDataset;
import sentemb.data.sts.StsPair;

/** Expected picks come from scripts/icl_subsample_reference.py (java.util.Random + shuffle re-implemented in Python). */
class DevSelectionTest {

    private static final Path SAMPLE = TestPaths.repoRoot().resolve("data/sts-sample");

    @Test
    void subsampleMatchesIndependentReimplementation() throws IOException {
        JsonNode ref = new ObjectMapper().readTree(TestPaths.fixtures().resolve("icl/subsample.json").toFile());
        StsDataset full = DevSelection.load(SAMPLE, 0, 0).dataset();
        List<StsPair> all = full.subsets().get(0).pairs();
        assertEquals(ref.get("pairs").asInt(), all.size());
        for (JsonNode c : ref.get("cases")) {
            int limit = c.get("limit").asInt();
            long seed = c.get("seed").asLong();
            List<StsPair> expected = new ArrayList<>();
            c.get("indices").forEach(i -> expected.add(all.get(i.asInt())));
            DevSelection sel = DevSelection.load(SAMPLE, limit, seed);
            assertEquals(limit, sel.pairs());
            assertEquals(all.size(), sel.totalPairs());
            assertEquals(OptionalLong.of(seed), sel.seed());
            assertEquals(expected, sel.dataset().subsets().get(0).pairs(), "limit " + limit + " seed " + seed);
            assertEquals("STSBenchmark dev: " + limit + " of 200 pairs, subsampled with seed " + seed, sel.describe());
        }
    }

    @Test
    void deterministicAndSeedDependent() {
        StsDataset full = DevSelection.load(SAMPLE, 0, 0).dataset();
        assertEquals(DevSelection.of(full, 30, 5).dataset(), DevSelection.of(full, 30, 5).dataset());
        assertNotEquals(DevSelection.of(full, 30, 5).dataset(), DevSelection.of(full, 30, 6).dataset());
    }

    @Test
    void zeroOrTooLargeLimitKeepsEverything() {
        StsDataset full = DevSelection.load(SAMPLE, 0, 0).dataset();
        for (int limit : new int[] {0, 200, 5000}) {
            DevSelection sel = DevSelection.of(full, limit, 9);
            assertSame(full, sel.dataset());
            assertEquals(OptionalLong.empty(), sel.seed());
            assertEquals("STSBenchmark dev: all 200 pairs", sel.describe());
        }
        assertThrows(IllegalArgumentException.class, () -> DevSelection.of(full, -1, 9));
    }

    @Test
    void missingStsbNamesTheFolder() {
        Path nowhere = TestPaths.repoRoot().resolve("data/tokenizer");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DevSelection.load(nowhere, 0, 0));
        assertTrue(e.getMessage().contains("sts-dev.csv") && e.getMessage().contains(nowhere.toString()), e.getMessage());
    }

    @Test
    void realStsbDevHas1500Pairs() {
        DevSelection sel = DevSelection.load(TestPaths.sharedData().resolve("downstream"), 500, 42);
        assertEquals(1500, sel.totalPairs());
        assertEquals(500, sel.pairs());
    }
}
