package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointFilesTest {

    @TempDir
    Path tmp;

    /** Each variant: layout found, every tensor equal to the Python-computed checksums, source file right. */
    @ParameterizedTest
    @ValueSource(strings = {OptFixtures.A, OptFixtures.B, OptFixtures.C, OptFixtures.D})
    void loadsEveryVariant(String variant) throws Exception {
        Path dir = OptFixtures.variant(variant);
        JsonNode golden = OptFixtures.golden(variant);
        try (CheckpointFiles c = CheckpointFiles.open(dir)) {
            List<String> files = new ArrayList<>();
            golden.get("weight_files").forEach(f -> files.add(dir.resolve(f.asText()).toString()));
            List<String> opened = new ArrayList<>();
            c.files().forEach(p -> opened.add(p.toString()));
            assertEquals(files, opened);
            Map<String, HostTensor> all = c.readAll();
            OptFixtures.assertMatchesGolden(golden, all);
            JsonNode index = c.layout().fileName().endsWith(".index.json")
                    ? OptFixtures.json(dir.resolve(c.layout().fileName())).get("weight_map") : null;
            for (HostTensor t : all.values()) {
                String expectedFile = index == null ? files.get(0) : dir.resolve(index.get(t.name()).asText()).toString();
                assertEquals(expectedFile, t.source(), t.name());
                assertEquals(golden.get("tensors").get(t.name()).get("dtype").asText(),
                        switch (c.info(t.name()).dtype()) {
                            case F32 -> "float32";
                            case F16 -> "float16";
                            case BF16 -> "bfloat16";
                            default -> "?";
                        });
            }
        }
    }

    @Test
    void layoutsAreRecognised() throws Exception {
        assertEquals(CheckpointFiles.Layout.SAFETENSORS, layout(OptFixtures.A));
        assertEquals(CheckpointFiles.Layout.TORCH_BIN, layout(OptFixtures.B));
        assertEquals(CheckpointFiles.Layout.SHARDED_SAFETENSORS, layout(OptFixtures.C));
        assertEquals(CheckpointFiles.Layout.SHARDED_TORCH_BIN, layout(OptFixtures.D));
    }

    private static CheckpointFiles.Layout layout(String variant) throws Exception {
        try (CheckpointFiles c = CheckpointFiles.open(OptFixtures.variant(variant))) {
            return c.layout();
        }
    }

    @Test
    void safetensorsIsPreferredOverBin() throws Exception {
        Files.copy(OptFixtures.variant(OptFixtures.B).resolve("pytorch_model.bin"), tmp.resolve("pytorch_model.bin"));
        Files.copy(OptFixtures.variant(OptFixtures.A).resolve("model.safetensors"), tmp.resolve("model.safetensors"));
        try (CheckpointFiles c = CheckpointFiles.open(tmp)) {
            assertEquals(CheckpointFiles.Layout.SAFETENSORS, c.layout());
            assertEquals(DType.F32, c.info("model.decoder.embed_tokens.weight").dtype());
        }
    }

    @Test
    void noWeightsListsWhatWasLookedFor() {
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> CheckpointFiles.open(tmp));
        assertEquals("no weights in " + tmp + ": looked for model.safetensors, model.safetensors.index.json, "
                + "pytorch_model.bin, pytorch_model.bin.index.json", e.getMessage());
        Path missing = tmp.resolve("nope");
        e = assertThrows(WeightFormatException.class, () -> CheckpointFiles.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void missingShardIsNamed() throws Exception {
        copyVariant(OptFixtures.C);
        Files.delete(tmp.resolve("model-00002-of-00002.safetensors"));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> CheckpointFiles.open(tmp));
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors")
                && e.getMessage().contains("model.safetensors.index.json")
                && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void indexPointingAtTheWrongShardIsRefused() throws Exception {
        copyVariant(OptFixtures.D);
        Path index = tmp.resolve("pytorch_model.bin.index.json");
        String json = Files.readString(index).replace(
                "\"decoder.layers.1.fc1.weight\": \"pytorch_model-00002-of-00002.bin\"",
                "\"decoder.layers.1.fc1.weight\": \"pytorch_model-00001-of-00002.bin\"");
        Files.writeString(index, json);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> CheckpointFiles.open(tmp));
        assertTrue(e.getMessage().contains("'decoder.layers.1.fc1.weight'")
                && e.getMessage().contains("pytorch_model-00001-of-00002.bin"), e.getMessage());
    }

    @Test
    void indexWithoutWeightMapIsRefused() throws Exception {
        Files.writeString(tmp.resolve("model.safetensors.index.json"), "{\"metadata\": {}}");
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> CheckpointFiles.open(tmp));
        assertTrue(e.getMessage().contains("weight_map"), e.getMessage());
    }

    private void copyVariant(String variant) throws Exception {
        try (Stream<Path> s = Files.list(OptFixtures.variant(variant))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, tmp.resolve(p.getFileName().toString()));
            }
        }
    }
}
