package sentemb.data.nli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sentemb.TestPaths;

/**
 * Shuffling, batching, resuming and no-duplicate batching, against the Python reference
 * (scripts/nli_sampler_reference.py, fixtures/nli/sampler_reference.json) and by property.
 */
class EpochSamplerTest {
    private static JsonNode reference;
    private static NliDataset snli;

    @BeforeAll
    static void load() throws IOException {
        reference = new ObjectMapper().readTree(TestPaths.fixtures().resolve("nli/sampler_reference.json").toFile());
        snli = new NliTripletReader().read(TestPaths.sharedData().resolve("nli/snli_triplets.csv"));
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** Same digest as the Python script: "k:r1,r2,...\n" per batch. */
    private static String digest(int[][] batches) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int k = 0; k < batches.length; k++) {
            StringBuilder sb = new StringBuilder().append(k).append(':');
            for (int i = 0; i < batches[k].length; i++) {
                sb.append(i == 0 ? "" : ",").append(batches[k][i]);
            }
            sha.update(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void splitMix64MatchesPublishedAndPythonValues() {
        SplitMix64 rng = new SplitMix64(0);
        // Vigna's reference splitmix64.c with seed 0 starts e220a8397b1dcdaf 6e789e6aa1b965f4 06c45d188009454f
        assertEquals(0xe220a8397b1dcdafL, rng.nextLong());
        assertEquals(0x6e789e6aa1b965f4L, rng.nextLong());
        assertEquals(0x06c45d188009454fL, rng.nextLong());
        JsonNode ref = reference.get("splitmix64_seed0_first3");
        assertEquals(0xe220a8397b1dcdafL, ref.get(0).asLong());
    }

    @Test
    void permutationsMatchPython() {
        EpochSampler s = EpochSampler.builder(10).batchSize(3).seed(42).build();
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(ints(reference.get("perm_n10_seed42").get(e)), s.permutation(e), "epoch " + e);
        }
        assertArrayEquals(ints(reference.get("perm_n10_seed43_epoch0")),
                EpochSampler.builder(10).seed(43).build().permutation(0));
    }

    @Test
    void permutationIsAPermutationAndDependsOnlyOnSeedAndEpoch() {
        EpochSampler a = EpochSampler.builder(snli.size()).batchSize(256).seed(42).build();
        int[] p = a.permutation(3);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        // a different batch size, drop-last, or history does not change the epoch's order
        EpochSampler b = EpochSampler.builder(snli.size()).batchSize(7).dropLast(true).seed(42).build();
        b.batchesOfEpoch(0);
        assertArrayEquals(p, b.permutation(3));
        assertNotEquals(Arrays.toString(p), Arrays.toString(a.permutation(4)));
        assertNotEquals(Arrays.toString(p),
                Arrays.toString(EpochSampler.builder(snli.size()).seed(43).build().permutation(3)));
    }

    @Test
    void batchSizesMirrorHfDataLoader() {
        EpochSampler keep = EpochSampler.builder(10).batchSize(4).build();
        assertEquals(3, keep.stepsPerEpoch());
        assertEquals(9, keep.totalSteps(3));
        int[][] batches = keep.batchesOfEpoch(0);
        assertEquals(List.of(4, 4, 2), Arrays.stream(batches).map(b -> b.length).toList());
        int[] flat = Arrays.stream(batches).flatMapToInt(Arrays::stream).toArray();
        assertArrayEquals(keep.permutation(0), flat, "batches are consecutive slices of the permutation");

        EpochSampler drop = EpochSampler.builder(10).batchSize(4).dropLast(true).build();
        assertEquals(2, drop.stepsPerEpoch());
        assertEquals(List.of(4, 4), Arrays.stream(drop.batchesOfEpoch(0)).map(b -> b.length).toList());
        assertThrows(IllegalArgumentException.class, () -> EpochSampler.builder(3).batchSize(4).dropLast(true).build());
        assertThrows(IllegalArgumentException.class, () -> EpochSampler.builder(3).batchSize(0).build());

        // SimCSE's nli_for_simcse.csv: 275,601 rows, global batch 256 -> 1077 steps, last batch 145
        EpochSampler simcse = EpochSampler.builder(275_601).batchSize(256).build();
        assertEquals(1077, simcse.stepsPerEpoch());
        assertEquals(145, simcse.batch(new BatchCursor(0, 1076)).length);
    }

    @Test
    void snliBatchPlansMatchPython() throws NoSuchAlgorithmException {
        for (JsonNode plan : reference.get("snli_plans")) {
            String what = plan.toString().substring(0, 60);
            for (boolean noDup : new boolean[] {false, true}) {
                EpochSampler s = EpochSampler.builder(snli).batchSize(plan.get("batchSize").asInt())
                        .seed(plan.get("seed").asLong()).dropLast(plan.get("dropLast").asBoolean())
                        .noDuplicateTexts(noDup).build();
                int epoch = plan.get("epoch").asInt();
                assertArrayEquals(ints(plan.get("permutationFirst20")), Arrays.copyOf(s.permutation(epoch), 20), what);
                int[][] batches = s.batchesOfEpoch(epoch);
                assertEquals(plan.get(noDup ? "noDupSha256" : "plainSha256").asText(), digest(batches), what);
                if (noDup) {
                    assertArrayEquals(ints(plan.get("noDupFirstBatch")), batches[0], what);
                }
            }
        }
        // the reference's first plan needed repair swaps, so that path is covered on real data
        assertTrue(reference.get("snli_plans").get(0).get("noDupRepairs").asInt() > 0);
    }

    /** Distinct texts of each row; a repeat inside one row is allowed. */
    private static Set<String> texts(Triplet t) {
        Set<String> s = new HashSet<>();
        s.add(t.anchor());
        s.add(t.positive());
        if (t.hasHardNegative()) {
            s.add(t.hardNegative());
        }
        return s;
    }

    private static int batchesWithRepeatedText(NliDataset data, int[][] batches) {
        int bad = 0;
        for (int[] batch : batches) {
            Set<String> seen = new HashSet<>();
            boolean dup = false;
            for (int r : batch) {
                for (String t : texts(data.get(r))) {
                    dup |= !seen.add(t);
                }
            }
            bad += dup ? 1 : 0;
        }
        return bad;
    }

    @Test
    void noDuplicateBatchesOnRealSnli() {
        for (int batchSize : new int[] {64, 256, 512}) {
            EpochSampler plain = EpochSampler.builder(snli).batchSize(batchSize).seed(42).build();
            EpochSampler noDup = EpochSampler.builder(snli).batchSize(batchSize).seed(42).noDuplicateTexts(true).build();
            assertEquals(plain.stepsPerEpoch(), noDup.stepsPerEpoch());
            for (int epoch = 0; epoch < 2; epoch++) {
                int[][] p = plain.batchesOfEpoch(epoch);
                int[][] n = noDup.batchesOfEpoch(epoch);
                assertTrue(batchesWithRepeatedText(snli, p) > 0, "the real file does repeat texts within plain batches");
                assertEquals(0, batchesWithRepeatedText(snli, n), "batch size " + batchSize + " epoch " + epoch);
                assertEquals(Arrays.stream(p).map(b -> b.length).toList(), Arrays.stream(n).map(b -> b.length).toList());
                int[] used = Arrays.stream(n).flatMapToInt(Arrays::stream).sorted().toArray();
                for (int i = 0; i < snli.size(); i++) {
                    assertEquals(i, used[i], "every row exactly once per epoch");
                }
            }
        }
    }

    @Test
    void noDuplicateWithDropLastUsesEachRowAtMostOnce() {
        EpochSampler s = EpochSampler.builder(snli).batchSize(1000).seed(5).dropLast(true).noDuplicateTexts(true).build();
        int[][] batches = s.batchesOfEpoch(0);
        assertEquals(5, batches.length);
        assertEquals(0, batchesWithRepeatedText(snli, batches));
        int[] used = Arrays.stream(batches).flatMapToInt(Arrays::stream).toArray();
        assertEquals(5000, used.length);
        assertEquals(5000, Arrays.stream(used).distinct().count());
    }

    @Test
    void repairSwapsMatchPythonOnATightSyntheticSet() throws IOException {
        NliDataset data = new NliTripletReader().read(TestPaths.fixtures().resolve("nli/repair_synthetic.csv"));
        JsonNode ref = reference.get("repair_synthetic");
        assertTrue(ref.get("repairs").asInt() > 0);
        EpochSampler s = EpochSampler.builder(data).batchSize(4).seed(7).noDuplicateTexts(true).build();
        int[][] batches = s.batchesOfEpoch(0);
        for (int k = 0; k < batches.length; k++) {
            assertArrayEquals(ints(ref.get("batches").get(k)), batches[k], "batch " + k);
        }
        assertEquals(0, batchesWithRepeatedText(data, batches));
    }

    @Test
    void impossibleCasesFailLoudly() throws IOException {
        // greedy deferral + single swaps cannot finish this tight set (Python agrees)
        NliDataset tight = new NliTripletReader().read(TestPaths.fixtures().resolve("nli/repair_impossible.csv"));
        EpochSampler s = EpochSampler.builder(tight).batchSize(4).seed(7).noDuplicateTexts(true).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.batchesOfEpoch(0));
        assertTrue(e.getMessage().contains("without repeating a text"), e.getMessage());

        // a text in more rows than there are batches: refused up front, naming the text
        List<Triplet> rows = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rows.add(new Triplet("anchor " + i, "same positive", "neg " + i, i + 2));
        }
        NliDataset crowded = NliDataset.of("crowded", NliFormat.TRIPLET, rows);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> EpochSampler.builder(crowded).batchSize(4).noDuplicateTexts(true).build());
        assertTrue(tooMany.getMessage().contains("\"same positive\" occurs in 9 rows but an epoch has only 3 batches"),
                tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EpochSampler.builder(9).noDuplicateTexts(true).build());
    }

    private static List<String> drain(EpochSampler.BatchStream stream, int max) {
        List<String> out = new ArrayList<>();
        while (stream.hasNext() && out.size() < max) {
            Batch b = stream.next();
            out.add(b.cursor() + "=" + Arrays.toString(b.rows()));
        }
        return out;
    }

    @Test
    void resumeFromSavedCursorEqualsUninterruptedRun() throws IOException {
        EpochSampler full = EpochSampler.builder(snli).batchSize(256).seed(42).noDuplicateTexts(true).build();
        List<String> uninterrupted = drain(full.stream(BatchCursor.START, 2), Integer.MAX_VALUE);
        assertEquals(full.totalSteps(2), uninterrupted.size());
        ObjectMapper json = new ObjectMapper();
        // 23 steps per epoch: stop early, before the last batch of epoch 0, on the boundary, mid epoch 1
        for (int stopAfter : new int[] {1, 22, 23, 40}) {
            EpochSampler first = EpochSampler.builder(snli).batchSize(256).seed(42).noDuplicateTexts(true).build();
            EpochSampler.BatchStream stream = first.stream(BatchCursor.START, 2);
            List<String> seen = new ArrayList<>(drain(stream, stopAfter));
            String saved = json.writeValueAsString(first.state(stream.position()));

            // a new process: fresh dataset object and sampler, state read back from JSON
            EpochSampler second = EpochSampler.builder(NliDataset.of("again", NliFormat.TRIPLET, snli))
                    .batchSize(256).seed(42).noDuplicateTexts(true).build();
            BatchCursor cursor = second.resume(json.readValue(saved, SamplerState.class));
            assertEquals(BatchCursor.ofGlobalStep(stopAfter, second.stepsPerEpoch()), cursor);
            seen.addAll(drain(second.stream(cursor, 2), Integer.MAX_VALUE));
            assertEquals(uninterrupted, seen, "stopped after " + stopAfter);
        }
    }

    @Test
    void resumeRefusesADifferentConfiguration() {
        EpochSampler a = EpochSampler.builder(snli).batchSize(256).seed(42).build();
        SamplerState state = a.state(new BatchCursor(0, 5));
        EpochSampler otherSeed = EpochSampler.builder(snli).batchSize(256).seed(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> otherSeed.resume(state));
        assertTrue(e.getMessage().contains("seed saved=42 now=1"), e.getMessage());

        List<Triplet> changed = new ArrayList<>(snli);
        changed.set(10, new Triplet("changed", "text", "here", 12));
        EpochSampler otherData = EpochSampler.builder(NliDataset.of("x", NliFormat.TRIPLET, changed)).batchSize(256).seed(42).build();
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> otherData.resume(state));
        assertTrue(e2.getMessage().contains("datasetFingerprint"), e2.getMessage());

        EpochSampler otherBatch = EpochSampler.builder(snli).batchSize(128).seed(42).build();
        assertThrows(IllegalArgumentException.class, () -> otherBatch.resume(state));
        assertEquals(new BatchCursor(0, 5), a.resume(state));
    }

    @Test
    void cursorArithmetic() {
        EpochSampler s = EpochSampler.builder(10).batchSize(4).build();
        assertEquals(new BatchCursor(0, 2), s.next(new BatchCursor(0, 1)));
        assertEquals(new BatchCursor(1, 0), s.next(new BatchCursor(0, 2)));
        assertEquals(7, new BatchCursor(2, 1).globalStep(3));
        assertEquals(new BatchCursor(2, 1), BatchCursor.ofGlobalStep(7, 3));
        assertThrows(IllegalArgumentException.class, () -> s.batch(new BatchCursor(0, 3)));
        assertThrows(IllegalArgumentException.class, () -> new BatchCursor(-1, 0));
    }
}
