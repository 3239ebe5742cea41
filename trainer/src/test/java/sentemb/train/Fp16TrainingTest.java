package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fp16 on the CPU trains every weight: the attention softmax runs in fp32 through casts that
 * keep the graph, so q_proj and k_proj (and their adapters) get gradients; and the fp16
 * gradients of a step agree, tensor by tensor, with the fp32 gradients of the same step.
 */
class Fp16TrainingTest {
    private static final String[] LORA_ALL = {"lora.enabled=true", "lora.r=4", "lora.dropout=0.0", "model.dropout=0.0",
        "lora.targets=[q_proj,k_proj,v_proj,out_proj,fc1,fc2]"};
    /** Loss scale for the fp16 runs: large enough that no gradient underflows, small enough that none overflows. */
    private static final float SCALE = 256f;

    @Test
    void threeFp16StepsMoveEveryLoraB(@TempDir Path tmp) throws Exception {
        threeFp16StepsMoveEveryLoraB(tmp, LORA_ALL, 2 * 6);
    }

    /** The LLaMA family too: RMSNorm's fp32 statistics and the fp32 softmax keep the graph. */
    @Test
    void threeFp16StepsMoveEveryLoraBOfALlamaModel(@TempDir Path tmp) throws Exception {
        String[] llama = {"model.path=\"" + sentemb.model.llama.LlamaFixtures.dir("llama") + "\"", "model.attention-dropout=0.0",
            "lora.enabled=true", "lora.r=4", "lora.dropout=0.0",
            "lora.targets=[q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj]"};
        threeFp16StepsMoveEveryLoraB(tmp, llama, -7);
    }

    /** @param expectedBs the number of LoRA B matrices, or −(targets) for "a multiple of targets, at least one layer" */
    private static void threeFp16StepsMoveEveryLoraB(Path tmp, String[] mode, int expectedBs) throws Exception {
        try (StepRig rig = new StepRig(TinyRuns.recipe(tmp, "fp16", DataParallelEquivalenceTest.concat(mode,
                "precision=fp16")));
                AdamW adamW = new AdamW(rig.master.params(), 0.0)) {
            LossScaler scaler = new LossScaler(true, SCALE, 2000);
            for (int s = 0; s < 3; s++) {
                rig.step.run(s, rig.batch(8 * s), scaler.scale());
                List<NDArray> grads = rig.master.summedGradients(scaler.scale());
                try {
                    assertTrue(scaler.update(grads), "fp16 gradients overflowed at step " + s);
                    adamW.step(1e-3, grads);
                } finally {
                    grads.forEach(NDArray::close);
                }
                rig.master.zeroReplicaGradients();
                rig.master.broadcast();
            }
            int bs = 0;
            for (TrainableParam p : rig.master.params()) {
                if (p.name().contains("lora_B")) {
                    bs++;
                    float max = 0;
                    for (float v : p.array().toFloatArray()) {
                        max = Math.max(max, Math.abs(v));
                    }
                    assertTrue(max > 0, p.name() + " is still zero after 3 fp16 steps");
                }
            }
            if (expectedBs > 0) {
                assertEquals(expectedBs, bs, "LoRA B matrices in " + rig.names());
            } else {
                assertTrue(bs > 0 && bs % -expectedBs == 0, bs + " LoRA B matrices in " + rig.names());
            }
        }
    }

    @Test
    void fp16GradientsMatchFp32PerTensor(@TempDir Path tmp) throws Exception {
        // LoRA (B gets the gradient at the start) and full fine-tuning (every weight, q/k included)
        for (String[] mode : List.of(LORA_ALL, new String[] {"lora.enabled=false", "model.dropout=0.0"})) {
            for (String devices : List.of("devices=[cpu]", "devices=[cpu,cpu]")) {
                List<float[]> g32;
                List<String> names;
                try (StepRig rig = new StepRig(TinyRuns.recipe(tmp, "f32", DataParallelEquivalenceTest.concat(mode, devices)))) {
                    g32 = rig.gradients(0, rig.batch(0), 1f);
                    names = rig.names();
                }
                List<float[]> g16;
                try (StepRig rig = new StepRig(TinyRuns.recipe(tmp, "f16",
                        DataParallelEquivalenceTest.concat(mode, devices, "precision=fp16")))) {
                    g16 = rig.gradients(0, rig.batch(0), SCALE);
                }
                assertEquals(g32.size(), g16.size());
                double[] norms = new double[g32.size()];
                double largest = 0;
                for (int t = 0; t < g32.size(); t++) {
                    for (float v : g32.get(t)) {
                        norms[t] += (double) v * v;
                    }
                    norms[t] = Math.sqrt(norms[t]);
                    largest = Math.max(largest, norms[t]);
                }
                int compared = 0;
                for (int t = 0; t < g32.size(); t++) {
                    double diff = 0;
                    for (int i = 0; i < g32.get(t).length; i++) {
                        double d = g32.get(t)[i] - g16.get(t)[i];
                        diff += d * d;
                    }
                    diff = Math.sqrt(diff);
                    String what = String.join(" ", mode) + " " + devices + ": " + names.get(t);
                    // Some gradients are zero in exact arithmetic (k_proj.bias: softmax ignores a
                    // constant added to a row of scores); both precisions then hold only roundoff,
                    // which is measured against the step's largest gradient instead.
                    double scale = Math.max(norms[t], ZERO_GRADIENT * largest);
                    if (norms[t] >= ZERO_GRADIENT * largest) {
                        compared++;
                    }
                    assertTrue(diff / scale < FP16_TOLERANCE, what + ": fp16 vs fp32 relative error " + diff / scale
                            + " (fp32 norm " + norms[t] + ", largest " + largest + ")");
                }
                assertTrue(compared >= 12, "only " + compared + " tensors had gradients");
            }
        }
    }

    /**
     * fp16 keeps 11 significant bits (unit roundoff 2^-11 ≈ 4.9e-4); a forward and backward
     * through 2 layers and a loss that divides by τ = 0.05 accumulate many such roundings
     * (measured here: at most 3.1e-3 relative per tensor, 6 roundoffs), so 1e-2 is what fp16
     * allows (with the old non-differentiable casts no gradient reached q_proj at all).
     */
    private static final double FP16_TOLERANCE = 1e-2;
    /** A tensor whose fp32 gradient norm is below this fraction of the largest is "zero up to roundoff". */
    private static final double ZERO_GRADIENT = 1e-4;
}
