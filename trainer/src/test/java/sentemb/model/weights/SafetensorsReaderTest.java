package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsPythonWrittenF32Checkpoint() throws Exception {
        Path file = OptFixtures.variant(OptFixtures.A).resolve("model.safetensors");
        JsonNode golden = OptFixtures.golden(OptFixtures.A);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(Map.of("format", "pt"), r.metadata());
            assertEquals("model.decoder.embed_tokens.weight", r.names().get(0));
            TensorInfo info = r.info("model.decoder.layers.1.fc1.weight");
            assertEquals(DType.F32, info.dtype());
            assertArrayEquals(new long[] {32, 16}, info.shape());
            assertEquals(file.toString(), info.source());
            Map<String, HostTensor> all = r.readAll();
            OptFixtures.assertMatchesGolden(golden, all);
            assertEquals(file.toString(), all.get("lm_head.weight").source());
        }
    }

    @Test
    void readsBf16Shard() throws Exception {
        Path file = OptFixtures.variant(OptFixtures.C).resolve("model-00001-of-00002.safetensors");
        JsonNode tensors = OptFixtures.golden(OptFixtures.C).get("tensors");
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(DType.BF16, r.info("decoder.embed_tokens.weight").dtype());
            for (String name : r.names()) {
                OptFixtures.assertChecksums(name, tensors.get(name), r.read(name));
            }
        }
    }

    @Test
    void truncatedFileIsRefusedNamingFileAndTensor() throws Exception {
        Path src = OptFixtures.variant(OptFixtures.A).resolve("model.safetensors");
        byte[] all = Files.readAllBytes(src);
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 10));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("tensor '"), e.getMessage());

        Path headerCut = tmp.resolve("header-cut.safetensors");
        Files.write(headerCut, java.util.Arrays.copyOf(all, 100));
        e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(headerCut));
        assertTrue(e.getMessage().contains(headerCut.toString()) && e.getMessage().contains("header"), e.getMessage());

        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(tiny));
        assertTrue(e.getMessage().contains(tiny.toString()), e.getMessage());
    }

    @Test
    void insaneHeaderLengthIsRefused() throws Exception {
        Path f = tmp.resolve("huge-header.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).putLong(0);
        Files.write(f, b.array());
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(f));
        assertTrue(e.getMessage().contains("declares a header of"), e.getMessage());
    }

    @Test
    void byteCountMustMatchShapeAndDtype() throws Exception {
        Path f = SafetensorsFiles.write(tmp.resolve("count.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(f));
        assertTrue(e.getMessage().contains("tensor 'w'") && e.getMessage().contains(f.toString())
                && e.getMessage().contains("needs 16"), e.getMessage());
    }

    @Test
    void overlapsAndUnknownDtypesAreRefused() throws Exception {
        Path overlap = SafetensorsFiles.write(tmp.resolve("overlap.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(overlap));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());

        Path unknown = SafetensorsFiles.write(tmp.resolve("unknown.safetensors"),
                "{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(unknown));
        assertTrue(e.getMessage().contains("tensor 'a'") && e.getMessage().contains("unknown dtype"), e.getMessage());

        Path dup = SafetensorsFiles.write(tmp.resolve("dup.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        e = assertThrows(WeightFormatException.class, () -> SafetensorsReader.open(dup));
        assertTrue(e.getMessage().contains(dup.toString()), e.getMessage());
    }

    /** Integer tensors are listed (the file opens) but refused when read as weights. */
    @Test
    void integerTensorsAreListedButNotRead() throws Exception {
        Path f = SafetensorsFiles.write(tmp.resolve("ints.safetensors"),
                "{\"__metadata__\":{\"k\":\"v\"},\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                concat(new byte[8], SafetensorsFiles.floatsLE(2.5f)));
        try (SafetensorsReader r = SafetensorsReader.open(f)) {
            assertEquals(List.of("ids", "w"), r.names());
            assertEquals(Map.of("k", "v"), r.metadata());
            assertArrayEquals(new float[] {2.5f}, r.read("w").data());
            WeightFormatException e = assertThrows(WeightFormatException.class, () -> r.read("ids"));
            assertTrue(e.getMessage().contains("'ids'") && e.getMessage().contains("I64")
                    && e.getMessage().contains(f.toString()), e.getMessage());
            e = assertThrows(WeightFormatException.class, () -> r.read("nope"));
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        }
    }

    /**
     * The long-offset path: a sparse file whose only real tensor sits past 2^31 bytes (the
     * hole is declared as a U8 filler tensor so the file is a valid, gap-free safetensors
     * file). Only a few KB are written to disk.
     */
    @Test
    void readsTensorBeyondTwoGibInSparseFile() throws Exception {
        long filler = (1L << 31) + 24;
        String header = "{\"filler\":{\"dtype\":\"U8\",\"shape\":[" + filler + "],\"data_offsets\":[0," + filler
                + "]},\"far\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[" + filler + "," + (filler + 8)
                + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path f = tmp.resolve("sparse.safetensors");
        long dataStart = 8 + h.length;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(dataStart + filler + 8);
            ByteBuffer head = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(h.length).put(h).flip();
            raf.getChannel().write(head, 0);
            ByteBuffer far = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            far.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001).putShort((short) 0x7C00);
            raf.getChannel().write(far.flip(), dataStart + filler);
        }
        try (SafetensorsReader r = SafetensorsReader.open(f)) {
            assertTrue(r.dataPosition("far") > Integer.MAX_VALUE);
            HostTensor t = r.read("far");
            assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY}, t.data());
            assertArrayEquals(new long[] {2, 2}, t.shape());
            assertEquals(DType.U8, r.info("filler").dtype());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
