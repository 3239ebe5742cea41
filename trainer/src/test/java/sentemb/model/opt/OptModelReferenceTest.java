package sentemb.model.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sentemb.TestPaths;
import sentemb.model.Pooling;
import sentemb.model.families.DecoderModels;

/**
 * The DJL OPT forward against an independent plain-PyTorch OPT (scripts/make_opt_fixtures.py,
 * which mirrors transformers' modeling_opt.py) on the four tiny Hugging Face checkpoints:
 * pre/post-LN, project_in/out, no biases, f32/f16/bf16, single and sharded safetensors/.bin.
 */
class OptModelReferenceTest {
    static final String[] VARIANTS = {"a_preln_safetensors_f32", "b_postln_proj_bin_f16",
        "c_preln_sharded_safetensors_bf16", "d_preln_sharded_bin_nobias"};

    @ParameterizedTest
    @ValueSource(strings = {"a_preln_safetensors_f32", "b_postln_proj_bin_f16",
        "c_preln_sharded_safetensors_bf16", "d_preln_sharded_bin_nobias"})
    void hiddenStatesAndEmbeddingsMatchPyTorchReference(String variant) throws Exception {
        Path dir = TestPaths.fixtures().resolve("opt").resolve(variant);
        JsonNode batch = new ObjectMapper().readTree(dir.resolve("golden.json").toFile()).get("batch");
        int b = batch.get("input_ids").size();
        int t = batch.get("input_ids").get(0).size();
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        for (int r = 0; r < b; r++) {
            for (int c = 0; c < t; c++) {
                ids[r * t + c] = batch.get("input_ids").get(r).get(c).asLong();
                mask[r * t + c] = batch.get("attention_mask").get(r).get(c).asLong();
            }
        }
        try (OptModel m = (OptModel) DecoderModels.load(dir, Device.cpu(), DataType.FLOAT32); NDManager nd = NDManager.newBaseManager()) {
            NDArray idArr = nd.create(ids, new Shape(b, t));
            NDArray maskArr = nd.create(mask, new Shape(b, t));
            NDArray h = m.hidden(idArr, maskArr, false, false);
            JsonNode golden = batch.get("last_hidden_state");
            int d = m.outputDim();
            assertEquals(d, golden.get(0).get(0).size());
            float[] flat = h.toFloatArray();
            int compared = 0;
            for (int r = 0; r < b; r++) {
                for (int c = 0; c < t; c++) {
                    if (mask[r * t + c] == 0) {
                        continue; // pad outputs are meaningless (HF attends uniformly there)
                    }
                    for (int k = 0; k < d; k++) {
                        double expected = golden.get(r).get(c).get(k).asDouble();
                        assertEquals(expected, flat[(r * t + c) * d + k], 1e-4, variant + " row " + r + " pos " + c + " dim " + k);
                        compared++;
                    }
                }
            }
            assertTrue(compared > 10 * d);
            float[] pooled = m.embed(idArr, maskArr, Pooling.LAST, false).toFloatArray();
            for (int r = 0; r < b; r++) {
                for (int k = 0; k < d; k++) {
                    assertEquals(batch.get("last_token").get(r).get(k).asDouble(), pooled[r * d + k], 1e-4);
                }
            }
        }
    }

    @Test
    void misShapedTensorIsNamedWithFileAndBothShapes(@TempDir Path tmp) throws Exception {
        Path src = TestPaths.fixtures().resolve("opt/a_preln_safetensors_f32");
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir);
        Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        String cfg = Files.readString(src.resolve("config.json")).replace("\"ffn_dim\": 32", "\"ffn_dim\": 48");
        Files.writeString(dir.resolve("config.json"), cfg);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecoderModels.load(dir, Device.cpu(), DataType.FLOAT32));
        assertTrue(e.getMessage().contains("fc1.weight") && e.getMessage().contains("model.safetensors")
                && e.getMessage().contains("[48, 16]") && e.getMessage().contains("[32, 16]"), e.getMessage());
    }

    @Test
    void unsupportedArchitectureIsRefused(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"gpt2\", \"hidden_size\": 8}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecoderModels.load(tmp, Device.cpu(), DataType.FLOAT32));
        assertTrue(e.getMessage().contains("unsupported architecture") && e.getMessage().contains("gpt2"), e.getMessage());
    }
}
