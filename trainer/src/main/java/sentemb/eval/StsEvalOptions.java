package sentemb.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import sentemb.data.sts.StsSplit;
import sentemb.data.sts.StsTask;

/**
 * Which tasks to evaluate and on which split. The split applies to STS-B and SICK-R;
 * STS12–16 only have a test split, so asking for them with another split is an error.
 */
public record StsEvalOptions(List<StsTask> tasks, StsSplit split) {
    public StsEvalOptions {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no STS task selected");
        }
        if (new LinkedHashSet<>(tasks).size() != tasks.size()) {
            throw new IllegalArgumentException("STS task listed twice: " + tasks);
        }
        for (StsTask t : tasks) {
            if (!t.hasSplit(split)) {
                throw new IllegalArgumentException(t.taskName() + " has only a test split; cannot evaluate it on "
                        + split.label());
            }
        }
        tasks = List.copyOf(tasks);
    }

    /** The paper's table: STS12–16, STS-B and SICK-R, test splits. */
    public static StsEvalOptions test() {
        return new StsEvalOptions(List.of(StsTask.values()), StsSplit.TEST);
    }

    /** The reference's {@code --mode dev}: STS-B dev only (checkpoint selection). */
    public static StsEvalOptions dev() {
        return new StsEvalOptions(List.of(StsTask.STS_BENCHMARK), StsSplit.DEV);
    }

    /** From task names (see {@link StsTask#fromName}) and a split label; no names means all tasks valid for the split. */
    public static StsEvalOptions of(List<String> taskNames, String splitLabel) {
        StsSplit split = StsSplit.fromLabel(splitLabel);
        List<StsTask> tasks = new ArrayList<>();
        if (taskNames.isEmpty()) {
            for (StsTask t : StsTask.values()) {
                if (t.hasSplit(split)) {
                    tasks.add(t);
                }
            }
        } else {
            taskNames.forEach(n -> tasks.add(StsTask.fromName(n)));
        }
        return new StsEvalOptions(tasks, split);
    }
}
