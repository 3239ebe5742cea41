package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.train.parallel.ReplicaThreads;

/**
 * CPU workers ({@code cpu-workers}): replicas that share the primary's weights without a copy
 * (in full fine-tuning the trainable ones too; LoRA adapters are the worker's own, kept equal
 * by the broadcast), each on a thread with its own share of libtorch's intra-op threads.
 */
class CpuWorkersTest {
    @Test
    void fullFineTuningWorkersShareTheTrainableStorage(@TempDir Path tmp) throws Exception {
        try (StepRig rig = new StepRig(TinyRuns.recipe(tmp, "full", "lora.enabled=false", "cpu-workers=3"))) {
            assertEquals(3, rig.replicas.size());
            Replica primary = rig.replicas.get(0);
            for (Replica w : rig.replicas.subList(1, 3)) {
                assertTrue(w.sharesStorage(), "worker " + w.index());
                assertFalse(w.model() == primary.model(), "a model of its own (its own gradients)");
            }
            NDArray p = primary.trainable().get(0);
            float before = rig.replicas.get(2).trainable().get(0).toFloatArray()[0];
            p.stopGradient().addi(p.onesLike()); // in place, on the primary's storage
            assertEquals(before + 1f, rig.replicas.get(2).trainable().get(0).toFloatArray()[0], 1e-6f,
                    "the worker reads the primary's storage");
        }
    }

    @Test
    void loraWorkersKeepTheirAdaptersEqualToTheMaster(@TempDir Path tmp) throws Exception {
        try (StepRig rig = new StepRig(TinyRuns.recipe(tmp, "lora", "lora.enabled=true", "lora.r=4", "cpu-workers=2"))) {
            Replica worker = rig.replicas.get(1);
            assertFalse(worker.sharesStorage());
            AdamW adamW = new AdamW(rig.master.params(), 0.0);
            for (int s = 0; s < 2; s++) {
                rig.step.run(s, rig.batch(8 * s), 1f);
                List<NDArray> grads = rig.master.summedGradients(1f);
                adamW.step(1e-2, grads);
                grads.forEach(NDArray::close);
                rig.master.zeroReplicaGradients();
                rig.master.broadcast();
                for (int i = 0; i < worker.trainable().size(); i++) {
                    assertArrayEquals(rig.master.params().get(i).array().toFloatArray(),
                            worker.trainable().get(i).toFloatArray(), "step " + s + ", " + worker.trainableNames().get(i));
                }
            }
            adamW.close();
        }
    }

    @Test
    void eachReplicaThreadRunsOnItsOwnIntraOpThreads() {
        ai.djl.engine.Engine.getInstance(); // loads libtorch
        int engine = JniUtils.getNumThreads();
        try (ReplicaThreads threads = new ReplicaThreads(new int[] {1, 3, 0}, true)) {
            List<Integer> seen = new ArrayList<>(threads.forEach(i -> JniUtils.getNumThreads()));
            assertEquals(List.of(1, 3, engine), seen);
        }
        assertEquals(engine, JniUtils.getNumThreads(), "the caller's (and the default) setting is left as it was");
    }
}
