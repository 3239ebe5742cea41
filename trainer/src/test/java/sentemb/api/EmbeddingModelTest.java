package sentemb.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EmbeddingModel} against {@code sentemb embed} on a tiny random model, and its options. */
class EmbeddingModelTest {
    /** Lengths vary so that batches are sorted and padded; two share a first word beyond the template. */
    static final List<String> SENTENCES = List.of(
            "A man with a hard hat is dancing.",
            "A man wearing a hard hat is dancing.",
            "Stocks fell.",
            "A woman is slicing an onion , quickly and with great care , in the kitchen .",
            "Two dogs play in the snow.",
            "Hi");

    @TempDir
    Path tmp;

    @Test
    void listEqualsTheEmbedVerbBitForBit() throws IOException {
        float[][] cli = ApiFixtures.embedCli(tmp, SENTENCES, "--batch-size", "2");
        try (EmbeddingModel m = EmbeddingModel.load(ApiFixtures.tinyModel(), EmbeddingModel.Options.defaults().batchSize(2))) {
            assertEquals(32, m.dimension());
            float[][] api = m.encode(SENTENCES);
            assertEquals(SENTENCES.size(), api.length);
            for (int i = 0; i < api.length; i++) {
                assertArrayEquals(cli[i], api[i], "row " + i);
            }
            // another batch composition (padding, shared prefix) moves a vector by float rounding only
            float[][] one = m.encode(List.of(SENTENCES.get(3)));
            double worst = 0;
            for (int j = 0; j < 32; j++) {
                worst = Math.max(worst, Math.abs(one[0][j] - api[3][j]));
            }
            System.err.println("DIFF " + worst);
            assertTrue(worst < 1e-6, "max difference " + worst);
        }
    }

    @Test
    void cleanupMatchesEmbedWithCleanup() throws IOException {
        float[][] cli = ApiFixtures.embedCli(tmp, SENTENCES, "--cleanup");
        try (EmbeddingModel m = EmbeddingModel.load(ApiFixtures.tinyModel(), EmbeddingModel.Options.defaults().cleanup(true))) {
            float[][] api = m.encode(SENTENCES);
            for (int i = 0; i < api.length; i++) {
                assertArrayEquals(cli[i], api[i], "row " + i);
            }
        }
    }

    @Test
    void normalizeDividesByTheL2Norm() throws IOException {
        float[][] cli = ApiFixtures.embedCli(tmp, SENTENCES);
        try (EmbeddingModel m = EmbeddingModel.load(ApiFixtures.tinyModel(), EmbeddingModel.Options.defaults().normalize(true))) {
            float[][] api = m.encode(SENTENCES);
            for (int i = 0; i < api.length; i++) {
                double norm = 0;
                for (float x : cli[i]) {
                    norm += (double) x * x;
                }
                norm = Math.sqrt(norm);
                assertTrue(norm > 0.1, "raw vectors are not near zero");
                for (int j = 0; j < api[i].length; j++) {
                    assertEquals(cli[i][j] / norm, api[i][j], 1e-6, "row " + i + " col " + j);
                }
            }
        }
        float[] hand = {3f, -4f, 0f};
        EmbeddingModel.normalizeInPlace(hand);
        assertArrayEquals(new float[] {0.6f, -0.8f, 0f}, hand, 1e-7f);
        float[] zero = {0f, 0f};
        EmbeddingModel.normalizeInPlace(zero);
        assertArrayEquals(new float[] {0f, 0f}, zero, "torch's eps keeps a zero vector zero");
    }

    @Test
    void progressHearsEveryBatch() throws IOException {
        List<long[]> calls = new ArrayList<>();
        var opts = EmbeddingModel.Options.defaults().batchSize(4).progress((done, total) -> calls.add(new long[] {done, total}));
        try (EmbeddingModel m = EmbeddingModel.load(ApiFixtures.tinyModel(), opts)) {
            m.encode(SENTENCES);
            assertEquals(2, calls.size());
            assertArrayEquals(new long[] {4, 6}, calls.get(0));
            assertArrayEquals(new long[] {6, 6}, calls.get(1));
        }
    }

    @Test
    void streamIsLazyOrderedAndEqualsTheList() throws IOException {
        var opts = EmbeddingModel.Options.defaults().batchSize(2).streamChunk(3);
        try (EmbeddingModel m = EmbeddingModel.load(ApiFixtures.tinyModel(), opts)) {
            AtomicInteger pulled = new AtomicInteger();
            Iterator<String> it = SENTENCES.iterator();
            Iterator<String> counting = new Iterator<>() {
                public boolean hasNext() {
                    return it.hasNext();
                }

                public String next() {
                    pulled.incrementAndGet();
                    return it.next();
                }
            };
            Stream<String> in = StreamSupport.stream(Spliterators.spliteratorUnknownSize(counting, 0), false);
            Iterator<float[]> out = m.encode(in).iterator();
            float[] first = out.next();
            assertEquals(3, pulled.get(), "one chunk read, not the whole input");
            List<float[]> all = new ArrayList<>(List.of(first));
            out.forEachRemaining(all::add);
            assertEquals(SENTENCES.size(), all.size());
            // each chunk is the list path on that chunk
            float[][] chunk1 = m.encode(SENTENCES.subList(0, 3));
            float[][] chunk2 = m.encode(SENTENCES.subList(3, 6));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(chunk1[i], all.get(i), "row " + i);
                assertArrayEquals(chunk2[i], all.get(3 + i), "row " + (3 + i));
            }
        }
    }

    @Test
    void maxLengthCutsTheSentenceNotThePrompt() throws IOException {
        try (EmbeddingModel cut = EmbeddingModel.load(ApiFixtures.tinyModel(), EmbeddingModel.Options.defaults().maxLength(2));
             EmbeddingModel plain = EmbeddingModel.load(ApiFixtures.tinyModel())) {
            // GPT-2 BPE: "The cat sat on the mat." starts with the tokens "The", " cat"
            assertArrayEquals(plain.encode("The cat"), cut.encode("The cat sat on the mat."));
            assertArrayEquals(plain.encode("Hi"), cut.encode("Hi"), "shorter sentences are untouched");
        }
    }

    @Test
    void errorsNameWhatIsWrong() throws IOException {
        Path missing = tmp.resolve("nope");
        var e = assertThrows(IllegalArgumentException.class, () -> EmbeddingModel.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingModel.load(ApiFixtures.tinyModel(), EmbeddingModel.Options.defaults().device("tpu")));
        assertEquals("device tpu: expected cpu or gpu:N", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingModel.Options.defaults().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingModel.Options.defaults().maxLength(-1));
        EmbeddingModel m = EmbeddingModel.load(ApiFixtures.tinyModel());
        List<String> withNull = new ArrayList<>(List.of("a", "b"));
        withNull.add(null);
        e = assertThrows(IllegalArgumentException.class, () -> m.encode(withNull));
        assertEquals("sentence 2 is null", e.getMessage());
        assertEquals(0, m.encode(List.of()).length);
        m.close();
        m.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> m.encode("a"));
    }
}
