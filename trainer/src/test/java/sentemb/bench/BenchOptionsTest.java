package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaultsAreTheDefaultSuite() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(EnumSet.complementOf(EnumSet.of(BenchOptions.Section.LEVERS)), o.sections(), "levers is opt-in");
        assertEquals(5, o.trainRepeats());
        assertEquals(20.0, o.trainMinSeconds());
        assertEquals(null, o.pytorchPeer(), "Java only unless scripts/bench.sh names the peer");
        assertEquals(List.of("tiny", "opt-125m"), o.embedShapes());
        assertEquals(List.of("tiny", "opt-125m"), o.trainShapes());
        assertEquals(Path.of("bench-out", "bench-java.json"), o.resultsJson());
        assertEquals(64, o.loraRank());
        assertEquals(sentemb.recipe.RecipeLoader.defaults().memory().trimEvery(), o.lifetimeTrimEvery(),
                "the lifetime run trims as training does");
        assertEquals(0, BenchOptions.parse("--lifetime-trim-every", "0").lifetimeTrimEvery());
    }

    @Test
    void parsesOptionsAndFull() {
        BenchOptions o = BenchOptions.parse("--out", "/tmp/x", "--sections=embed,train", "--repeats", "5",
                "--memory-batches", "8,16", "--full");
        assertEquals(Path.of("/tmp/x/bench-inputs.json"), o.inputsJson());
        assertEquals(EnumSet.of(BenchOptions.Section.EMBED, BenchOptions.Section.TRAIN), o.sections());
        assertEquals(5, o.repeats());
        assertTrue(o.trainShapes().contains("opt-350m"));
        assertTrue(o.embedShapes().contains("opt-350m"));
        // --full replaces the memory sweep it was given before
        assertEquals(List.of(32, 64, 128, 256, 512), o.memoryBatches());
    }

    @Test
    void badInputIsNamed() {
        assertEquals("bench option --repeats expects an integer, got 'x'",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--repeats", "x")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--embed-shapes", "opt-1.3b"))
                .getMessage().contains("unknown benchmark shape 'opt-1.3b'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--embed-shapes", "tiny:icl"))
                .getMessage().contains("unknown case 'icl'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--frobnicate", "1"))
                .getMessage().startsWith("bench: unknown option --frobnicate"));
        assertEquals("bench option --train-batch must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--train-batch", "0")).getMessage());
        assertEquals("bench option --lifetime-trim-every must be >= 0 (0 = never), got -1",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--lifetime-trim-every", "-1"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--sections", "speed"))
                .getMessage().contains("unknown section 'speed'"));
    }

    @Test
    void aMissingPeerScriptIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--pytorch-peer", "/no/such/bench_pytorch.py"));
        assertEquals("bench option --pytorch-peer: no such file /no/such/bench_pytorch.py (expected scripts/bench_pytorch.py)",
                e.getMessage());
    }
}
