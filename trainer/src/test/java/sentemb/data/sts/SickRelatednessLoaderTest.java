package sentemb.data.sts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SickRelatednessLoaderTest {

    @Test
    void fixtureSplitsMatchPythonReading() {
        JsonNode expected = StsFixtures.expected().get("SICKRelatedness");
        StsDataLoader loader = new StsDataLoader(StsFixtures.syntheticDownstream());
        for (StsSplit split : List.of(StsSplit.TEST, StsSplit.DEV)) {
            StsDataset d = assertInstanceOf(StsLoadResult.Loaded.class, loader.load(StsTask.SICK_RELATEDNESS, split)).dataset();
            StsSubset s = d.subsets().get(0);
            JsonNode e = expected.get(split.label());
            assertEquals(split.label(), s.name());
            assertEquals(StsFixtures.strings(e.get("sentence1")), s.pairs().stream().map(StsPair::sentence1).toList());
            assertEquals(StsFixtures.strings(e.get("sentence2")), s.pairs().stream().map(StsPair::sentence2).toList());
            assertArrayEquals(StsFixtures.doubles(e.get("gold")), s.pairs().stream().mapToDouble(StsPair::gold).toArray());
        }
    }

    @Test
    void headerIsSkippedAndColumnsOneToThreeRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("SICK_test_annotated.txt");
        Files.writeString(f, "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\n"
                + "1\tA  dog runs.\tA dog is running.\t4.5\tENTAILMENT\n"
                + "2\tA cat sleeps.\tNobody is dancing.\t1.2\tNEUTRAL\r\n");
        StsSubset s = SickRelatednessLoader.load(f, StsSplit.TEST);
        assertEquals(List.of(new StsPair("A dog runs.", "A dog is running.", 4.5, new SourceLine(f, 2)),
                new StsPair("A cat sleeps.", "Nobody is dancing.", 1.2, new SourceLine(f, 3))), s.pairs());
    }

    @Test
    void splitsMapToSentEvalFileNames() {
        Path d = Path.of("SICK");
        assertEquals(d.resolve("SICK_train.txt"), SickRelatednessLoader.file(d, StsSplit.TRAIN));
        assertEquals(d.resolve("SICK_trial.txt"), SickRelatednessLoader.file(d, StsSplit.DEV));
        assertEquals(d.resolve("SICK_test_annotated.txt"), SickRelatednessLoader.file(d, StsSplit.TEST));
    }

    @Test
    void missingFileIsReportedNotSkipped(@TempDir Path dir) {
        StsLoadResult r = new StsDataLoader(dir).load(StsTask.SICK_RELATEDNESS, StsSplit.TEST);
        StsLoadResult.Missing m = assertInstanceOf(StsLoadResult.Missing.class, r);
        assertEquals(List.of(dir.resolve("SICK/SICK_test_annotated.txt")), m.missingFiles());
    }

    @Test
    void shortLineNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("SICK_trial.txt");
        Files.writeString(f, "header\n1\tA b.\tA c.\t3.0\n2\tA b.\n");
        StsFormatException e = assertThrows(StsFormatException.class, () -> SickRelatednessLoader.load(f, StsSplit.DEV));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("SICK_trial.txt:3") && e.getMessage().contains("relatedness_score"),
                e.getMessage());
    }
}
