package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.TestPaths;

/**
 * The loaders on the real SentEval files: exact counts, and every sample, label and the order
 * SentEval puts them in, through a SHA-256 compared with a Python re-implementation of
 * SentEval's loaders (fixtures/transfer/loaders.json). Malformed and absent files too.
 */
class TransferDataLoaderTest {
    private static final Path DOWNSTREAM = TestPaths.sharedData().resolve("downstream");
    private static final JsonNode FIX = Fixtures.read("loaders.json");

    @Test
    void crossValidatedTasksMatchSentEval() throws Exception {
        Map<TransferTask, Integer> expected = Map.of(TransferTask.MR, 10_662, TransferTask.CR, 3_775,
                TransferTask.SUBJ, 10_000, TransferTask.MPQA, 10_606);
        for (Map.Entry<TransferTask, Integer> e : expected.entrySet()) {
            TaskData.CrossValidation cv = (TaskData.CrossValidation) TransferDataLoader.load(DOWNSTREAM, e.getKey());
            assertEquals(e.getValue(), cv.all().size(), e.getKey().name());
            check(FIX.get(e.getKey().name()).get("all"), cv.all(), e.getKey().name());
        }
    }

    @Test
    void sst2MatchesSentEval() throws Exception {
        TaskData.TrainDevTest s = (TaskData.TrainDevTest) TransferDataLoader.load(DOWNSTREAM, TransferTask.SST2);
        assertEquals(List.of(67_349, 872, 1_821), List.of(s.train().size(), s.dev().size(), s.test().size()));
        check(FIX.get("SST2").get("train"), s.train(), "SST2 train");
        check(FIX.get("SST2").get("dev"), s.dev(), "SST2 dev");
        check(FIX.get("SST2").get("test"), s.test(), "SST2 test");
    }

    @Test
    void trecMatchesSentEval() throws Exception {
        TaskData.TrainTest t = (TaskData.TrainTest) TransferDataLoader.load(DOWNSTREAM, TransferTask.TREC);
        assertEquals(List.of(5_452, 500), List.of(t.train().size(), t.test().size()));
        check(FIX.get("TREC").get("train"), t.train(), "TREC train");
        check(FIX.get("TREC").get("test"), t.test(), "TREC test");
    }

    @Test
    void mrpcMatchesSentEval() throws Exception {
        TaskData.PairTrainTest p = (TaskData.PairTrainTest) TransferDataLoader.load(DOWNSTREAM, TransferTask.MRPC);
        assertEquals(List.of(4_076, 1_725), List.of(p.train().size(), p.test().size()));
        for (String split : List.of("train", "test")) {
            SentencePairs pairs = split.equals("train") ? p.train() : p.test();
            JsonNode ref = FIX.get("MRPC").get(split);
            StringBuilder sb = new StringBuilder();
            int[] y = pairs.labels();
            for (int i = 0; i < pairs.size(); i++) {
                sb.append(y[i]).append('\t').append(pairs.first().get(i)).append('\t').append(pairs.second().get(i))
                        .append('\n');
            }
            assertEquals(ref.get("sha256").asText(), sha256(sb.toString()), "MRPC " + split);
            assertEquals(ref.get("first").get(0).get(1).asText(), pairs.first().get(0));
        }
    }

    @Test
    void malformedLinesNameFileAndLine(@TempDir Path dir) throws Exception {
        Path trec = write(dir, "TREC/train_5500.label", "NUM:dist How far ?\nWhat is this\n");
        write(dir, "TREC/TREC_10.label", "NUM:dist How far ?\n");
        TransferDataException e = assertThrows(TransferDataException.class,
                () -> TransferDataLoader.load(dir, TransferTask.TREC));
        assertTrue(e.getMessage().contains(trec.toString()) && e.getMessage().contains("line 2"), e.getMessage());

        write(dir, "TREC/train_5500.label", "NUM:dist How far ?\nFOO:bar Who ?\n");
        e = assertThrows(TransferDataException.class, () -> TransferDataLoader.load(dir, TransferTask.TREC));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("FOO"), e.getMessage());

        Path sst = write(dir, "SST/binary/sentiment-train", "good \t1\nbad \t0\n\nfine \t1\n");
        write(dir, "SST/binary/sentiment-dev", "ok \t1\n");
        write(dir, "SST/binary/sentiment-test", "ok \t0\n");
        e = assertThrows(TransferDataException.class, () -> TransferDataLoader.load(dir, TransferTask.SST2));
        assertTrue(e.getMessage().contains(sst.toString()) && e.getMessage().contains("line 3"), e.getMessage());

        write(dir, "SST/binary/sentiment-train", "good \t1\nbad \t2\n");
        e = assertThrows(TransferDataException.class, () -> TransferDataLoader.load(dir, TransferTask.SST2));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("label 0 or 1"), e.getMessage());

        String header = "\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n";
        Path mrpc = write(dir, "MRPC/msr_paraphrase_train.txt", header + "1\t1\t2\tA b .\tA c .\r\n0\t3\t4\tonly four\r\n");
        write(dir, "MRPC/msr_paraphrase_test.txt", header + "1\t1\t2\tA b .\tA c .\r\n");
        e = assertThrows(TransferDataException.class, () -> TransferDataLoader.load(dir, TransferTask.MRPC));
        assertTrue(e.getMessage().contains(mrpc.toString()) && e.getMessage().contains("line 3"), e.getMessage());

        write(dir, "MRPC/msr_paraphrase_train.txt", "1\t1\t2\tA b .\tA c .\r\n");
        e = assertThrows(TransferDataException.class, () -> TransferDataLoader.load(dir, TransferTask.MRPC));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void blankLinesAreSamplesAndMrpcBomCrlfIsHandled(@TempDir Path dir) throws Exception {
        write(dir, "CR/custrev.pos", "great phone\n\nit 's  fine \n\n");
        write(dir, "CR/custrev.neg", "bad\n");
        TaskData.CrossValidation cr = (TaskData.CrossValidation) TransferDataLoader.load(dir, TransferTask.CR);
        // 'great phone\n\nit 's  fine \n\n'.splitlines() has 4 lines, two of them empty
        assertEquals(5, cr.all().size());
        assertEquals(List.of("", "", "bad", "great phone", "it 's fine"), cr.all().sentences());
        assertEquals(List.of(1, 1, 0, 1, 1), java.util.Arrays.stream(cr.all().labels()).boxed().toList());

        String header = "\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n";
        write(dir, "MRPC/msr_paraphrase_train.txt", header + "1\t1\t2\tThe cat sat.\tA cat sat.\r\n");
        write(dir, "MRPC/msr_paraphrase_test.txt", header + "0\t3\t4\tNo.\tYes it is.\r\n");
        TaskData.PairTrainTest p = (TaskData.PairTrainTest) TransferDataLoader.load(dir, TransferTask.MRPC);
        assertEquals(List.of("The cat sat."), p.train().first());
        assertEquals(List.of("Yes it is."), p.test().second());
        assertEquals(0, p.test().labels()[0]);
    }

    @Test
    void absentFilesAreReportedByName(@TempDir Path dir) throws Exception {
        write(dir, "MR/rt-polarity.pos", "good\n");
        assertEquals(List.of("MR/rt-polarity.neg"), TransferTask.MR.missingFiles(dir));
        MissingTaskFilesException e = assertThrows(MissingTaskFilesException.class,
                () -> TransferDataLoader.load(dir, TransferTask.MR));
        assertEquals(List.of("MR/rt-polarity.neg"), e.missingFiles());
    }

    @Test
    void taskNamesAndTheTransferGroup() {
        assertEquals(List.of(TransferTask.values()), TransferTask.parse(List.of("transfer")));
        assertEquals(List.of(TransferTask.TREC, TransferTask.MR), TransferTask.parse(List.of("trec", "MR", "Mr")));
        assertThrows(IllegalArgumentException.class, () -> TransferTask.parse(List.of("STSB")));
    }

    private static void check(JsonNode ref, LabeledSentences s, String what) throws Exception {
        assertEquals(ref.get("count").asInt(), s.size(), what);
        StringBuilder sb = new StringBuilder();
        int[] y = s.labels();
        for (int i = 0; i < s.size(); i++) {
            sb.append(y[i]).append('\t').append(s.sentences().get(i)).append('\n');
        }
        assertEquals(ref.get("sha256").asText(), sha256(sb.toString()), what + ": samples, labels or order differ");
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path write(Path dir, String rel, String content) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }
}
