package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.train.parallel.ReplicaFailure;

/**
 * Replicas on their own threads: the same gradients bit for bit as one after another (dropout
 * on, so the seeded forwards must replay exactly), one forward per replica without
 * micro-batching, and failures on a replica thread that name the replica and leave the step
 * usable.
 */
class ConcurrentReplicasTest {
    private static final String[] LORA = {"lora.enabled=true", "lora.r=4",
        "lora.targets=[q_proj,k_proj,v_proj,out_proj,fc1,fc2]", "devices=[cpu,cpu]", "cpu-workers=1"};
    private static final String[] DROPOUT = {"model.dropout=0.1", "model.attention-dropout=0.1", "lora.dropout=0.1"};

    private static List<List<float[]>> twoSteps(Path tmp, String name, String... overrides) throws Exception {
        try (StepRig rig = new StepRig(TinyRuns.recipe(tmp, name, overrides))) {
            List<List<float[]>> out = new ArrayList<>();
            out.add(rig.gradients(0, rig.batch(0), 1f));
            out.add(rig.gradients(1, rig.batch(8), 1f)); // the same threads, a second time
            return out;
        }
    }

    private static void assertBitwiseEqual(List<List<float[]>> a, List<List<float[]>> b) {
        assertEquals(a.size(), b.size());
        for (int s = 0; s < a.size(); s++) {
            for (int t = 0; t < a.get(s).size(); t++) {
                assertArrayEquals(a.get(s).get(t), b.get(s).get(t), "step " + s + ", tensor " + t);
            }
        }
    }

    @Test
    void concurrentAndSequentialGiveIdenticalGradientsWithDropout(@TempDir Path tmp) throws Exception {
        // Concurrent cpu replicas split the engine's intra-op threads, sequential ones take them
        // all; a matmul on another number of threads sums in another order. With one engine
        // thread both modes run every op on one thread, so only the overlap differs.
        ai.djl.engine.Engine.getInstance(); // loads libtorch
        int engineThreads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        try {
            identicalGradientsWithDropout(tmp);
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(engineThreads);
        }
    }

    private static void identicalGradientsWithDropout(Path tmp) throws Exception {
        for (String micro : List.of("batch.micro-size=0", "batch.micro-size=2")) {
            String[] common = DataParallelEquivalenceTest.concat(DataParallelEquivalenceTest.concat(LORA, DROPOUT), micro);
            List<List<float[]>> concurrent = twoSteps(tmp, "c", DataParallelEquivalenceTest.concat(common, "concurrency=concurrent"));
            List<List<float[]>> sequential = twoSteps(tmp, "s", DataParallelEquivalenceTest.concat(common, "concurrency=sequential"));
            assertBitwiseEqual(concurrent, sequential);
        }
        // the same with two workers sharing one cpu replica's weights instead of two replicas
        String[] workers = DataParallelEquivalenceTest.concat(DataParallelEquivalenceTest.concat(LORA, DROPOUT),
                "devices=[cpu]", "cpu-workers=2");
        assertBitwiseEqual(twoSteps(tmp, "wc", DataParallelEquivalenceTest.concat(workers, "concurrency=concurrent")),
                twoSteps(tmp, "ws", DataParallelEquivalenceTest.concat(workers, "concurrency=sequential")));
        // and dropout really is on in those runs: without it the gradients differ
        List<List<float[]>> noDropout = twoSteps(tmp, "d", DataParallelEquivalenceTest.concat(LORA,
                "model.dropout=0.0", "model.attention-dropout=0.0", "lora.dropout=0.0"));
        List<List<float[]>> dropout = twoSteps(tmp, "e", DataParallelEquivalenceTest.concat(LORA, DROPOUT));
        double diff = DataParallelEquivalenceTest.maxRelDiff(noDropout.get(0), dropout.get(0));
        assertTrue(diff > 1e-3, "dropout changed the gradients by only " + diff);
    }

    @Test
    void twoReplicasRunOneForwardEachAndGiveTheWholeBatchGradient(@TempDir Path tmp) throws Exception {
        String[] noDropout = {"model.dropout=0.0", "lora.dropout=0.0"};
        List<float[]> whole;
        try (StepRig one = new StepRig(TinyRuns.recipe(tmp, "one", DataParallelEquivalenceTest.concat(
                DataParallelEquivalenceTest.concat(LORA, noDropout), "devices=[cpu]")))) {
            whole = one.gradients(0, one.batch(0), 1f);
        }
        try (StepRig two = new StepRig(TinyRuns.recipe(tmp, "two", DataParallelEquivalenceTest.concat(
                DataParallelEquivalenceTest.concat(LORA, noDropout), "concurrency=concurrent")))) {
            List<float[]> parallel = two.gradients(0, two.batch(0), 1f);
            for (Replica r : two.replicas) {
                assertEquals(1, r.forwards(), "replica " + r.index() + " forwards in one step");
            }
            double rel = DataParallelEquivalenceTest.maxRelDiff(whole, parallel);
            assertTrue(rel < 1e-5, "2 concurrent replicas vs one: " + rel);
        }
        try (StepRig micro = new StepRig(TinyRuns.recipe(tmp, "micro", DataParallelEquivalenceTest.concat(
                DataParallelEquivalenceTest.concat(LORA, noDropout), "concurrency=concurrent", "batch.micro-size=2")))) {
            List<float[]> cached = micro.gradients(0, micro.batch(0), 1f);
            for (Replica r : micro.replicas) {
                // GradCache: 2 micro-batches per replica, each embedded without and then with a graph
                assertEquals(4, r.forwards(), "replica " + r.index() + " forwards with micro-batches");
            }
            assertTrue(DataParallelEquivalenceTest.maxRelDiff(whole, cached) < 1e-5);
        }
    }

    @Test
    void aFailureOnAReplicaThreadNamesTheReplicaAndTheNextStepWorks(@TempDir Path tmp) throws Exception {
        for (String mode : List.of("concurrency=concurrent", "concurrency=sequential")) {
            try (StepRig rig = new StepRig(TinyRuns.recipe(tmp, "fail", DataParallelEquivalenceTest.concat(LORA, mode)))) {
                TokenizedBatch good = rig.batch(0);
                // a token id past the vocabulary in the second half of the batch: replica 1's share
                List<int[]> anchors = new ArrayList<>(good.anchors());
                int[] bad = anchors.get(6).clone();
                bad[bad.length - 1] = 1_000_000;
                anchors.set(6, bad);
                TokenizedBatch broken = new TokenizedBatch(anchors, good.positives(), good.negatives());
                ReplicaFailure e = assertThrows(ReplicaFailure.class, () -> rig.step.run(0, broken, 1f));
                assertEquals(1, e.replica(), mode);
                assertTrue(e.getMessage().startsWith("replica 1: "), e.getMessage());
                rig.master.zeroReplicaGradients();

                List<float[]> after = rig.gradients(0, good, 1f);
                List<float[]> fresh;
                try (StepRig clean = new StepRig(TinyRuns.recipe(tmp, "clean", DataParallelEquivalenceTest.concat(LORA, mode)))) {
                    fresh = clean.gradients(0, clean.batch(0), 1f);
                }
                for (int t = 0; t < fresh.size(); t++) {
                    assertArrayEquals(fresh.get(t), after.get(t), mode + ": tensor " + t + " after a failed step");
                }
            }
        }
    }
}
