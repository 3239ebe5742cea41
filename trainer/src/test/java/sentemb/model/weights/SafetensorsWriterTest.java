package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

    @TempDir
    Path tmp;

    private static HostTensor t(String name, long[] shape, float... v) {
        return new HostTensor(name, shape, v, "test");
    }

    @Test
    void f32RoundTripIsExactAndSorted() throws Exception {
        Map<String, HostTensor> in = new LinkedHashMap<>();
        in.put("zeta", t("zeta", new long[] {2, 3}, 1, -2, 3.5f, Float.MIN_VALUE, -0f, Float.NaN));
        in.put("alpha", t("alpha", new long[] {}, 42f));
        in.put("mid", t("mid", new long[] {0, 4}));
        Path f = tmp.resolve("rt.safetensors");
        SafetensorsWriter.write(f, in, Map.of("format", "pt", "step", "50"), DType.F32);

        byte[] bytes = Files.readAllBytes(f);
        long headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "header padded to 8 bytes");
        assertEquals(8 + headerLen + 4 * 7, bytes.length);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLen, "UTF-8").trim());
        assertEquals(List.of("__metadata__", "alpha", "mid", "zeta"), fieldNames(header));
        assertEquals("[0,4]", header.get("alpha").get("data_offsets").toString());
        assertEquals("[4,4]", header.get("mid").get("data_offsets").toString());
        assertEquals("[4,28]", header.get("zeta").get("data_offsets").toString());

        try (SafetensorsReader r = SafetensorsReader.open(f)) {
            assertEquals(Map.of("format", "pt", "step", "50"), r.metadata());
            assertEquals(List.of("alpha", "mid", "zeta"), r.names());
            for (HostTensor orig : in.values()) {
                HostTensor back = r.read(orig.name());
                assertArrayEquals(orig.shape(), back.shape());
                for (int i = 0; i < orig.data().length; i++) {
                    assertEquals(Float.floatToRawIntBits(orig.data()[i]), Float.floatToRawIntBits(back.data()[i]));
                }
            }
        }
        assertFalse(Files.exists(tmp.resolve("rt.safetensors.tmp")));
    }

    @Test
    void halfPrecisionRoundTripRoundsOnce() throws Exception {
        float[] v = {1f, 1 + 0x1p-11f, 0.1f, -65520f, 0x1p-25f, 3.14159f};
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            Path f = tmp.resolve(dtype + ".safetensors");
            SafetensorsWriter.write(f, Map.of("w", t("w", new long[] {6}, v)), null, dtype);
            try (SafetensorsReader r = SafetensorsReader.open(f)) {
                assertEquals(dtype, r.info("w").dtype());
                assertTrue(r.metadata().isEmpty());
                float[] back = r.read("w").data();
                for (int i = 0; i < v.length; i++) {
                    float expected = dtype == DType.F16 ? HalfFloats.halfToFloat(HalfFloats.floatToHalf(v[i]))
                            : HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(v[i]));
                    assertEquals(expected, back[i], 0f, dtype + " element " + i);
                }
            }
        }
    }

    /** Re-writing a Python-written checkpoint and reading it back gives the same values. */
    @Test
    void rewritesFixtureCheckpoint() throws Exception {
        Map<String, HostTensor> orig = CheckpointFiles.readAll(OptFixtures.variant(OptFixtures.B));
        Path f = tmp.resolve("model.safetensors");
        SafetensorsWriter.write(f, orig, Map.of("format", "pt"), DType.F16);
        OptFixtures.assertMatchesGolden(OptFixtures.golden(OptFixtures.B), SafetensorsReader.readAll(f));
    }

    @Test
    void incompleteWriteLeavesNoFile() throws Exception {
        Path f = tmp.resolve("partial.safetensors");
        List<TensorInfo> layout = List.of(new TensorInfo("a", DType.F32, new long[] {2}, ""),
                new TensorInfo("b", DType.F32, new long[] {1}, ""));
        SafetensorsWriter w = SafetensorsWriter.create(f, layout, null);
        w.write(t("b", new long[] {1}, 5f));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> w.write(t("a", new long[] {3}, 1, 2, 3)));
        assertTrue(shape.getMessage().contains("[2]") && shape.getMessage().contains("[3]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.write(t("b", new long[] {1}, 5f)));
        IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
        assertFalse(Files.exists(f));
        assertFalse(Files.exists(tmp.resolve("partial.safetensors.tmp")));
    }

    /**
     * Long offsets in the writer: a layout whose second tensor starts past 2^31 bytes. Only
     * that tensor is written (the first stays a hole of the sparse temp file), read back from
     * the temp file, and the write is then aborted.
     */
    @Test
    void writesTensorBeyondTwoGib() throws Exception {
        Path f = tmp.resolve("big.safetensors");
        long big = (1L << 30) + 8; // F16: 2 GiB + 16 bytes
        SafetensorsWriter w = SafetensorsWriter.create(f, List.of(new TensorInfo("a_big", DType.F16, new long[] {big}, ""),
                new TensorInfo("b", DType.F32, new long[] {3}, "")), Map.of());
        try {
            w.write(t("b", new long[] {3}, 1.5f, -2f, 7f));
            Path part = tmp.resolve("big.safetensors.tmp");
            try (RandomAccessFile raf = new RandomAccessFile(part.toFile(), "r")) {
                assertTrue(raf.length() > (1L << 31));
            }
            try (SafetensorsReader r = SafetensorsReader.open(part)) {
                assertTrue(r.dataPosition("b") > Integer.MAX_VALUE);
                assertArrayEquals(new float[] {1.5f, -2f, 7f}, r.read("b").data());
                assertEquals(big, r.info("a_big").numel());
            }
        } finally {
            w.abort();
        }
        assertFalse(Files.exists(tmp.resolve("big.safetensors.tmp")));
        assertFalse(Files.exists(f));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
