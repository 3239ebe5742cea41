package sentemb.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for {@code sentemb train} on a shrunken tiny recipe, for the child-process tests. */
final class ChildTraining {
    private ChildTraining() {}

    /** {@code train tiny} (16 wide, batch 4) into {@code runs/name}, plus {@code extra} settings. */
    static String[] fresh(Path runs, String name, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "tiny", "run.dir=\"" + runs + "\"", "run.name=" + name,
                "model.init.hidden-size=16", "model.init.num-heads=2", "model.init.ffn-dim=32", "model.init.max-positions=128",
                "batch.size=4", "logging.plot=false", "logging.progress=false", "eval.final-tasks=[STSBenchmark]"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    static String[] resume(Path runDir, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--resume", runDir.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }
}
