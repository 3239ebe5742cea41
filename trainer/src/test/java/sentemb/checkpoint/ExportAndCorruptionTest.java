package sentemb.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.eval.PromptEolEncoder;
import sentemb.model.DecoderModel;
import sentemb.model.families.DecoderModels;
import sentemb.model.SequenceEmbedder;
import sentemb.model.weights.HostTensor;
import sentemb.model.weights.SafetensorsReader;
import sentemb.recipe.Recipe;
import sentemb.recipe.RecipeLoader;
import sentemb.text.PromptTokenizer;
import sentemb.train.Trainer;
import sentemb.setup.RecipeSetup;

/**
 * A LoRA run exported with the adapters merged embeds exactly like the unmerged model it
 * came from; the PEFT layout holds the adapters under PEFT's names; damaged checkpoints are
 * refused with the file named, and a run resumes from its latest good checkpoint.
 */
class ExportAndCorruptionTest {
    static final List<String> SENTENCES = List.of("A man is playing a guitar.", "Two dogs run across a snowy field.",
            "The stock market fell sharply on Monday.", "Someone is slicing an onion!");

    @TempDir
    static Path tmp;
    static Recipe recipe;
    static Path run;

    @BeforeAll
    static void trainTinyLoraRun() throws Exception {
        recipe = RecipeLoader.loadBundled("tiny", List.of("run.dir=\"" + tmp + "\"", "run.name=lora",
                "model.init.hidden-size=16", "model.init.num-layers=2", "model.init.num-heads=2", "model.init.ffn-dim=32",
                "model.init.max-positions=128", "batch.size=8", "schedule.max-steps=4", "schedule.warmup-steps=1",
                "optimizer.lr=1e-2", "lora.enabled=true", "lora.r=4", "lora.targets=[q_proj,v_proj,fc2]",
                "eval.every=0", "checkpoint.keep-best=false", "checkpoint.save-every=2", "checkpoint.keep-last=5",
                "logging.progress=false", "logging.plot=false", "representation.demonstration=opt-125m"), Map.of());
        try (Trainer t = new Trainer(recipe, recipe.resolvedHocon())) {
            t.train(Optional.empty(), Long.MAX_VALUE);
        }
        run = tmp.resolve("lora");
    }

    static float[][] embed(DecoderModel m, PromptTokenizer tok, sentemb.text.Representation rep) {
        return new PromptEolEncoder(SequenceEmbedder.packed(m, rep.pooling(), true), tok, rep, 2).encode(SENTENCES);
    }

    @Test
    void mergedExportEmbedsLikeTheUnmergedAdapters() throws Exception {
        Path out = tmp.resolve("export");
        Exporter.export(run.resolve("step-4"), out, true);
        float[][] unmerged;
        try (DecoderModel m = Exporter.restore(run.resolve("step-4"), recipe); PromptTokenizer tok = RecipeSetup.tokenizer(recipe)) {
            assertTrue(m.linearModules().get(0).module() instanceof sentemb.model.lora.LoraLinear, "restored model should still hold adapters");
            unmerged = embed(m, tok, RecipeSetup.evalRepresentation(recipe));
            float[][] base;
            try (DecoderModel plain = RecipeSetup.baseModel(recipe, Device.cpu(), DataType.FLOAT32)) {
                base = embed(plain, tok, RecipeSetup.evalRepresentation(recipe));
            }
            assertTrue(maxDiff(unmerged, base) > 1e-4, "training changed nothing, so the merge test would prove nothing");
        }
        EmbeddingSpec spec = EmbeddingSpec.read(out);
        assertEquals("A man is smoking.", spec.demonstration().sentence());
        try (DecoderModel exported = DecoderModels.load(out, Device.cpu(), DataType.FLOAT32); PromptTokenizer tok = PromptTokenizer.load(out)) {
            float[][] merged = embed(exported, tok, spec.representation().withCleanup(true));
            assertTrue(maxDiff(unmerged, merged) <= 1e-5, "merged vs unmerged: " + maxDiff(unmerged, merged));
        }
        Map<String, HostTensor> hf = SafetensorsReader.readAll(out.resolve("model.safetensors"));
        assertTrue(hf.containsKey("model.decoder.layers.1.self_attn.q_proj.weight"));
        assertFalse(hf.keySet().stream().anyMatch(k -> k.contains("lora")));
        Map<String, HostTensor> peft = SafetensorsReader.readAll(out.resolve("adapter/adapter_model.safetensors"));
        assertTrue(peft.containsKey("base_model.model.model.decoder.layers.0.self_attn.q_proj.lora_A.weight"), peft.keySet().toString());
        assertEquals(2 * 3 * 2, peft.size());
        String cfg = Files.readString(out.resolve("adapter/adapter_config.json"));
        assertTrue(cfg.contains("\"r\" : 4") && cfg.contains("\"lora_alpha\" : 16") && cfg.contains("fc2"), cfg);
        assertTrue(Files.readString(out.resolve("README.md")).contains("A man is smoking."));
    }

    @Test
    void damagedCheckpointIsRefusedAndResumeFallsBackToTheLastGoodOne() throws Exception {
        Path copy = tmp.resolve("damaged");
        copyTree(run, copy);
        Path file = copy.resolve("step-4/trainable.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - 3);
            f.write(new byte[] {1, 2, 3});
        }
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> TrainingCheckpoint.read(copy.resolve("step-4")));
        assertTrue(e.getMessage().contains("trainable.safetensors") && e.getMessage().contains("damaged"), e.getMessage());
        Files.delete(copy.resolve("step-2/manifest.json"));
        CorruptCheckpointException e2 = assertThrows(CorruptCheckpointException.class, () -> TrainingCheckpoint.read(copy.resolve("step-2")));
        assertTrue(e2.getMessage().contains("manifest.json"), e2.getMessage());
        assertEquals(Optional.empty(), new RunDirectory(copy).latestGood());
        copyTree(run.resolve("step-2"), copy.resolve("step-2"));
        assertEquals(Optional.of(copy.resolve("step-2")), new RunDirectory(copy).latestGood());
    }

    @Test
    void interruptedSaveLeavesThePreviousCheckpointAndIsCleanedUp() throws Exception {
        Path copy = tmp.resolve("interrupted");
        copyTree(run, copy);
        // a save killed half-way: the temp dir exists, the step dir was never renamed into place
        Path tmpDir = copy.resolve(".tmp-step-6-0000");
        Files.createDirectories(tmpDir);
        Files.writeString(tmpDir.resolve("trainable.safetensors"), "half");
        // a replacement of best/ killed after moving the old one aside
        Files.move(copy.resolve("step-4"), copy.resolve(".old-step-4-" + "0".repeat(36)));
        new RunDirectory(copy).recoverInterruptedSaves();
        assertFalse(Files.exists(tmpDir));
        assertTrue(Files.isDirectory(copy.resolve("step-4")));
        Manifest.verify(copy.resolve("step-4"));
    }

    static double maxDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    static void copyTree(Path from, Path to) throws Exception {
        List<Path> all;
        try (var s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path dst = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(dst);
            } else {
                Files.copy(p, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
