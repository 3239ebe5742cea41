package sentemb.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sentemb.model.weights.HostTensor;
import sentemb.model.weights.SafetensorsReader;
import sentemb.recipe.Recipe;
import sentemb.recipe.RecipeLoader;

/** Tiny training recipes for tests: a 2-layer, 16-wide random OPT on the shipped NLI sample. */
final class TinyRuns {
    private TinyRuns() {}

    static Recipe recipe(Path runDir, String name, String... overrides) {
        List<String> all = new ArrayList<>(List.of(
                "run.dir=\"" + runDir + "\"",
                "run.name=" + name,
                "model.init.hidden-size=16", "model.init.num-layers=2", "model.init.num-heads=2",
                "model.init.ffn-dim=32", "model.init.max-positions=128",
                "data.train=\"data/nli-sample.csv\"",
                "batch.size=8", "schedule.max-steps=4", "schedule.warmup-steps=1",
                "optimizer.lr=1e-3",
                "eval.every=0", "checkpoint.keep-best=false", "checkpoint.save-every=2", "checkpoint.keep-last=5",
                "logging.progress=false", "logging.plot=false"));
        all.addAll(List.of(overrides));
        return RecipeLoader.loadBundled("tiny", all, Map.of());
    }

    static Map<String, HostTensor> weights(Path stepDir) throws Exception {
        return SafetensorsReader.readAll(stepDir.resolve("trainable.safetensors"));
    }

    static double maxAbsDiff(Map<String, HostTensor> a, Map<String, HostTensor> b) {
        if (!a.keySet().equals(b.keySet())) {
            throw new AssertionError("different tensors: " + a.keySet() + " vs " + b.keySet());
        }
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k).data();
            float[] y = b.get(k).data();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }
}
