package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.model.opt.OptNames;

class NamedCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void canonicalNames() {
        assertEquals(Optional.of("embed_tokens.weight"), OptNames.canonical("model.decoder.embed_tokens.weight"));
        assertEquals(Optional.of("layers.0.self_attn.q_proj.weight"),
                OptNames.canonical("decoder.layers.0.self_attn.q_proj.weight"));
        assertEquals(Optional.of("final_layer_norm.bias"), OptNames.canonical("final_layer_norm.bias"));
        assertEquals(Optional.empty(), OptNames.canonical("lm_head.weight"));
        assertEquals(Optional.empty(), OptNames.canonical("score.weight"));
        assertEquals(Optional.empty(), OptNames.canonical("model.decoder.version"));
        assertEquals("model.decoder.layers.3.fc1.bias", OptNames.toHf(OptNames.layer(3, "fc1.bias")));
        assertEquals("decoder.project_in.weight", OptNames.toHf("project_in.weight", OptNames.BASE_MODEL_PREFIX));
        assertThrows(IllegalArgumentException.class, () -> OptNames.toHf("model.decoder.embed_tokens.weight"));
        assertThrows(IllegalArgumentException.class, () -> OptNames.toHf("lm_head.weight"));
        assertEquals("decoder.", OptNames.prefixOf("decoder.layers.0.fc1.weight"));
    }

    /** Variant b (post-LN, project_in/out): canonical names and shapes as the DJL model expects them. */
    @Test
    void requireChecksShapesBeforeReading() throws Exception {
        try (NamedCheckpoint c = NamedCheckpoint.open(OptFixtures.variant(OptFixtures.B), OptNames::canonical)) {
            assertEquals(List.of("lm_head.weight"), c.ignored());
            assertTrue(c.has("project_in.weight"));
            assertFalse(c.has("final_layer_norm.weight"));
            HostTensor emb = c.require("embed_tokens.weight", 64, 8);
            assertEquals("embed_tokens.weight", emb.name());
            assertTrue(emb.source().endsWith("pytorch_model.bin"));
            c.require("project_in.weight", 16, 8);
            c.require("project_out.weight", 8, 16);
            WeightFormatException e = assertThrows(WeightFormatException.class,
                    () -> c.require("layers.0.fc1.weight", 16, 32));
            assertTrue(e.getMessage().contains("'model.decoder.layers.0.fc1.weight'")
                    && e.getMessage().contains("pytorch_model.bin")
                    && e.getMessage().contains("expected shape [16, 32], found [32, 16]"), e.getMessage());
            e = assertThrows(WeightFormatException.class, () -> c.require("final_layer_norm.weight", 16));
            assertTrue(e.getMessage().contains("'final_layer_norm.weight' is missing"), e.getMessage());
            assertEquals(Optional.empty(), c.optional("final_layer_norm.weight", 16));
            assertFalse(c.unused().contains("embed_tokens.weight"));
            assertTrue(c.unused().contains("layers.1.fc2.bias"));
        }
    }

    /** Variant d has enable_bias=false: no projection biases, layer norms keep theirs. */
    @Test
    void noBiasVariantHasNoLinearBiases() throws Exception {
        try (NamedCheckpoint c = NamedCheckpoint.open(OptFixtures.variant(OptFixtures.D), OptNames::canonical)) {
            assertFalse(c.has("layers.0.self_attn.q_proj.bias"));
            assertFalse(c.has("layers.1.fc1.bias"));
            assertTrue(c.has("layers.0.self_attn_layer_norm.bias"));
            assertTrue(c.has("final_layer_norm.weight"));
            assertEquals(List.of(), c.ignored());
            Map<String, HostTensor> all = c.readAll();
            assertEquals(c.names(), all.keySet());
            assertEquals(List.of(), c.unused());
            assertArrayEquals(new long[] {66, 16}, all.get("embed_positions.weight").shape());
        }
    }

    @Test
    void bothSpellingsOfOneWeightAreRefused() throws Exception {
        HostTensor a = new HostTensor("decoder.embed_tokens.weight", new long[] {1}, new float[] {1}, "x");
        HostTensor b = new HostTensor("model.decoder.embed_tokens.weight", new long[] {1}, new float[] {2}, "x");
        SafetensorsWriter.write(tmp.resolve("model.safetensors"), Map.of(a.name(), a, b.name(), b), null, DType.F32);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> NamedCheckpoint.open(tmp, OptNames::canonical));
        assertTrue(e.getMessage().contains("'embed_tokens.weight'"), e.getMessage());
    }
}
