package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.TestPaths;
import sentemb.eval.SentenceEncoder;

/**
 * The whole pipeline on a subsample of the real files (the first 60 lines of each MR / CR /
 * SUBJ / MPQA file, SST2 train 200 / dev 60 / test 60, TREC train 200 / test 80, MRPC train
 * 150 / test 60 pairs, all in their original formats incl. MRPC's BOM and CRLF), with a small
 * classifier setting (3 folds, two L2 values, batch 16, tenacity 1, lr 0.01) so it runs in
 * seconds.
 */
class TransferEvaluatorTest {
    private static final ClassifierConfig SMALL =
            new ClassifierConfig(3, 16, 1, 2, 40, List.of(1e-5, 1e-2), 0.05, 0.01f);
    private static final int DIM = 8;

    @TempDir
    static Path tmp;
    static Path downstream;

    @BeforeAll
    static void subsample() throws Exception {
        Path real = TestPaths.sharedData().resolve("downstream");
        downstream = tmp.resolve("downstream");
        for (String f : List.of("MR/rt-polarity.pos", "MR/rt-polarity.neg", "CR/custrev.pos", "CR/custrev.neg",
                "SUBJ/subj.objective", "SUBJ/subj.subjective", "MPQA/mpqa.pos", "MPQA/mpqa.neg")) {
            head(real, f, 60);
        }
        head(real, "SST/binary/sentiment-train", 200);
        head(real, "SST/binary/sentiment-dev", 60);
        head(real, "SST/binary/sentiment-test", 60);
        head(real, "TREC/train_5500.label", 200);
        head(real, "TREC/TREC_10.label", 80);
        head(real, "MRPC/msr_paraphrase_train.txt", 151);
        head(real, "MRPC/msr_paraphrase_test.txt", 61);
    }

    @Test
    void labelRevealingEmbeddingIsLearnedOnEveryTask() throws Exception {
        TransferEvaluator evaluator = new TransferEvaluator(TransferMode.DEV).withClassifier(SMALL);
        TransferReport report = evaluator.run(new OracleEncoder(downstream), tmp, List.of("transfer"), 1111);
        assertEquals(7, report.tasks().size());
        for (TransferTaskResult r : report.tasks()) {
            assertTrue(r.ok(), r.task());
            assertTrue(r.testAccuracy() >= 95.0, r.task() + " test accuracy " + r.testAccuracy());
        }
        assertEquals(Map.of("all", 120), report.task("MR").orElseThrow().counts());
        assertEquals(List.of(200, 60, 60), new ArrayList<>(report.task("SST2").orElseThrow().counts().values()));
        assertEquals(List.of(150, 60), new ArrayList<>(report.task("MRPC").orElseThrow().counts().values()));
        assertTrue(report.task("MRPC").orElseThrow().testF1() >= 95.0);
        assertEquals(3, report.task("CR").orElseThrow().selectedL2().size(), "one L2 per outer fold");
        double mean = report.tasks().stream().mapToDouble(TransferTaskResult::testAccuracy).sum() / 7;
        assertEquals(SentEvalNumbers.pythonRound2(mean), report.averageTestAccuracy());

        // results.json shape: Jackson writes and reads it back unchanged
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(report);
        assertTrue(text.contains("\"status\":\"ok\"") && text.contains("\"testF1\""), text);
        assertEquals(report, json.readValue(text, TransferReport.class));

        String table = TransferTable.markdown(report, "oracle", PublishedTransferRows.load());
        assertTrue(table.startsWith("| Model | MR | CR | SUBJ | MPQA | SST2 | TREC | MRPC | Avg. |"), table);
        assertTrue(table.contains("| sup-SimCSE RoBERTa-large [1] | 88.12 | 92.37 | 95.11 | 90.49 | 92.75 | 91.80 "
                + "| 76.64 | 89.61 |"), table);
        assertTrue(table.contains("MRPC F1 (ours): "), table);
    }

    @Test
    void rerunGivesTheSameNumbersAndMissingTasksAreReported() throws Exception {
        TransferEvaluator evaluator = new TransferEvaluator(TransferMode.DEV).withClassifier(SMALL);
        Path partial = tmp.resolve("partial");
        for (String f : TransferTask.MR.files()) {
            Files.createDirectories(partial.resolve(f).getParent());
            Files.copy(downstream.resolve(f), partial.resolve(f));
        }
        SentenceEncoder random = new RandomEncoder();
        TransferReport a = evaluator.run(random, partial, List.of("MR", "TREC"), 7);
        TransferReport b = evaluator.run(random, partial, List.of("MR", "TREC"), 7);
        assertEquals(strip(a), strip(b));
        TransferTaskResult trec = a.task("TREC").orElseThrow();
        assertEquals(TransferTaskResult.Status.MISSING, trec.status());
        assertEquals(List.of("TREC/train_5500.label", "TREC/TREC_10.label"), trec.missingFiles());
        assertNull(a.averageTestAccuracy());
        // random embeddings carry no label information: near chance on the balanced MR sample
        double acc = a.task("MR").orElseThrow().testAccuracy();
        assertTrue(acc > 35 && acc < 65, "MR accuracy with random embeddings " + acc);
        String table = TransferTable.markdown(a, "random", List.of());
        assertTrue(table.contains("TREC: missing (TREC/train_5500.label, TREC/TREC_10.label)"), table);
    }

    /** The report without its timings, which differ between runs. */
    private static List<List<Object>> strip(TransferReport r) {
        List<List<Object>> out = new ArrayList<>();
        for (TransferTaskResult t : r.tasks()) {
            out.add(java.util.Arrays.asList(t.task(), t.status(), t.devAccuracy(), t.testAccuracy(), t.testF1(),
                    t.selectedL2(), t.counts()));
        }
        return out;
    }

    private static void head(Path real, String rel, int lines) throws Exception {
        byte[] bytes = Files.readAllBytes(real.resolve(rel));
        int end = 0;
        int seen = 0;
        while (end < bytes.length && seen < lines) {
            if (bytes[end++] == '\n') {
                seen++;
            }
        }
        Path out = downstream.resolve(rel);
        Files.createDirectories(out.getParent());
        Files.write(out, java.util.Arrays.copyOf(bytes, end));
    }

    /**
     * A linearly separable embedding: each sentence is mapped to a vector that encodes its label
     * (first label seen wins for a sentence that occurs twice), plus two noise columns. For MRPC
     * the first sentence gets +4 and the second ±4 by label, so u·v separates the classes.
     */
    static final class OracleEncoder implements SentenceEncoder {
        private final Map<String, float[]> table = new HashMap<>();

        OracleEncoder(Path downstream) {
            for (TransferTask t : TransferTask.values()) {
                TaskData data = TransferDataLoader.load(downstream, t);
                if (data instanceof TaskData.CrossValidation cv) {
                    add(cv.all());
                } else if (data instanceof TaskData.TrainDevTest s) {
                    add(s.train());
                    add(s.dev());
                    add(s.test());
                } else if (data instanceof TaskData.TrainTest s) {
                    add(s.train());
                    add(s.test());
                } else if (data instanceof TaskData.PairTrainTest p) {
                    for (SentencePairs pairs : List.of(p.train(), p.test())) {
                        int[] y = pairs.labels();
                        for (int i = 0; i < pairs.size(); i++) {
                            table.putIfAbsent(pairs.first().get(i), vector(0, 4f));
                            table.putIfAbsent(pairs.second().get(i), vector(0, y[i] == 1 ? 4f : -4f));
                        }
                    }
                }
            }
        }

        private void add(LabeledSentences s) {
            int[] y = s.labels();
            for (int i = 0; i < s.size(); i++) {
                table.putIfAbsent(s.sentences().get(i), vector(y[i], 4f));
            }
        }

        private static float[] vector(int hot, float value) {
            float[] v = new float[DIM];
            v[hot] = value;
            return v;
        }

        @Override
        public float[][] encode(List<String> sentences) {
            float[][] out = new float[sentences.size()][];
            for (int i = 0; i < out.length; i++) {
                String s = sentences.get(i);
                float[] v = table.get(s).clone();
                SplittableRandom noise = new SplittableRandom(s.hashCode());
                v[6] = (float) noise.nextGaussian();
                v[7] = (float) noise.nextGaussian();
                out[i] = v;
            }
            return out;
        }

        @Override
        public int dimension() {
            return DIM;
        }
    }

    /** Gaussian vectors seeded by the sentence text: deterministic, label-free. */
    static final class RandomEncoder implements SentenceEncoder {
        @Override
        public float[][] encode(List<String> sentences) {
            float[][] out = new float[sentences.size()][DIM];
            for (int i = 0; i < out.length; i++) {
                SplittableRandom r = new SplittableRandom(sentences.get(i).hashCode() * 31L + i % 1);
                for (int j = 0; j < DIM; j++) {
                    out[i][j] = (float) r.nextGaussian();
                }
            }
            return out;
        }

        @Override
        public int dimension() {
            return DIM;
        }
    }
}
