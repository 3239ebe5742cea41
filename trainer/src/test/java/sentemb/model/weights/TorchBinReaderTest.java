package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchBinReaderTest {

    @TempDir
    Path tmp;

    /**
     * Views with storage offsets, a transposed and a stepped view (strided gather), storages
     * shared by several tensors, a Parameter, a 0-d tensor, an empty tensor, f16 and bf16,
     * and an nn.Module state dict's _metadata (BUILD): values as torch wrote them.
     */
    @Test
    void readsTorchFeaturesInBothPickleProtocols() throws Exception {
        JsonNode expected = OptFixtures.json(OptFixtures.dir().resolve("torch_features.json"));
        for (String f : new String[] {"torch_features.bin", "torch_features_p4.bin"}) {
            Path file = OptFixtures.dir().resolve(f);
            try (TorchBinReader r = TorchBinReader.open(file)) {
                List<String> names = new ArrayList<>();
                expected.fieldNames().forEachRemaining(names::add);
                assertEquals(names, r.names(), f);
                for (String name : names) {
                    JsonNode e = expected.get(name);
                    HostTensor t = r.read(name);
                    String what = f + " " + name;
                    assertEquals(e.get("dtype").asText(), torchName(r.info(name).dtype()), what);
                    long[] shape = new long[e.get("shape").size()];
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = e.get("shape").get(i).asLong();
                    }
                    assertArrayEquals(shape, t.shape(), what);
                    assertEquals(e.get("values").size(), t.data().length, what);
                    for (int i = 0; i < t.data().length; i++) {
                        assertEquals((float) e.get("values").get(i).asDouble(), t.data()[i], 0f, what + "[" + i + "]");
                    }
                    assertEquals(file.toString(), t.source());
                }
                assertEquals(r.storageKey("view_offset"), r.storageKey("transposed"));
            }
        }
    }

    private static String torchName(DType d) {
        return switch (d) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> d.name().toLowerCase(Locale.ROOT);
        };
    }

    @Test
    void tiedLmHeadSharesTheEmbeddingStorage() throws Exception {
        Path file = OptFixtures.variant(OptFixtures.B).resolve("pytorch_model.bin");
        try (TorchBinReader r = TorchBinReader.open(file)) {
            assertEquals(r.storageKey("model.decoder.embed_tokens.weight"), r.storageKey("lm_head.weight"));
            assertNotEquals(r.storageKey("model.decoder.embed_tokens.weight"),
                    r.storageKey("model.decoder.embed_positions.weight"));
            assertEquals(DType.F16, r.info("lm_head.weight").dtype());
            assertArrayEquals(r.read("model.decoder.embed_tokens.weight").data(), r.read("lm_head.weight").data());
        }
    }

    @Test
    void refusesOsSystem() {
        Path file = OptFixtures.dir().resolve("evil.bin");
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchBinReader.open(file));
        assertEquals("refusing to unpickle os.system in " + file
                + ": only tensors, storages and ordered dicts are allowed", e.getMessage());
    }

    @Test
    void refusesStackGlobalExec() {
        Path file = OptFixtures.dir().resolve("evil_stack_global.bin");
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchBinReader.open(file));
        assertTrue(e.getMessage().startsWith("refusing to unpickle builtins.exec in " + file), e.getMessage());
    }

    @Test
    void refusesNonZipFiles() {
        Path file = OptFixtures.variant(OptFixtures.A).resolve("model.safetensors");
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchBinReader.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a zip archive"),
                e.getMessage());
    }

    @Test
    void missingStorageEntryIsNamed() throws Exception {
        Path broken = rewrite("torch_features.bin", (name, data) -> name.endsWith("/data/0") ? null : data);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchBinReader.open(broken));
        assertTrue(e.getMessage().contains("torch_features/data/0") && e.getMessage().contains(broken.toString())
                && e.getMessage().contains("tensor '"), e.getMessage());
    }

    @Test
    void shortStorageEntryIsRefused() throws Exception {
        Path broken = rewrite("torch_features.bin",
                (name, data) -> name.endsWith("/data/0") ? java.util.Arrays.copyOf(data, data.length - 4) : data);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchBinReader.open(broken));
        assertTrue(e.getMessage().contains("zip entry has"), e.getMessage());
    }

    /** Copies a fixture zip (deflating every entry), letting {@code edit} drop (null) or change entries. */
    private Path rewrite(String fixture, BiFunction<String, byte[], byte[]> edit) throws Exception {
        Path out = tmp.resolve("edited-" + fixture);
        try (ZipFile in = new ZipFile(OptFixtures.dir().resolve(fixture).toFile());
                OutputStream os = Files.newOutputStream(out);
                ZipOutputStream zos = new ZipOutputStream(os)) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                byte[] data = edit.apply(e.getName(), in.getInputStream(e).readAllBytes());
                if (data != null) {
                    zos.putNextEntry(new ZipEntry(e.getName()));
                    zos.write(data);
                    zos.closeEntry();
                }
            }
        }
        return out;
    }

    @Test
    void deflatedCopyReadsTheSame() throws Exception {
        Path copy = rewrite("torch_features.bin", (name, data) -> data);
        Map<String, HostTensor> a = TorchBinReader.readAll(OptFixtures.dir().resolve("torch_features.bin"));
        Map<String, HostTensor> b = TorchBinReader.readAll(copy);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data(), b.get(k).data(), k);
        }
    }
}
