package sentemb.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sentemb.data.sts.StsTask;

/**
 * The headline numbers of a run, as the reference evaluation prints them: each task's
 * Spearman ×100 rounded to 2 decimals, and their mean (of the rounded values, rounded
 * again). Unlike the reference, which counts an absent task as 0.00, the average here is
 * over the tasks present only; {@code complete} says whether all seven were.
 *
 * @param scores         task name → Spearman ×100 (2 decimals), evaluated tasks only
 * @param average        mean of {@code scores}, NaN when none
 * @param tasksInAverage how many tasks the average covers
 * @param missingTasks   requested tasks whose files are absent
 * @param complete       true when all seven tasks were evaluated
 */
public record StsSummary(Map<String, Double> scores, double average, int tasksInAverage,
                         List<String> missingTasks, boolean complete) {

    public StsSummary {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        missingTasks = List.copyOf(missingTasks);
    }

    public static StsSummary of(List<StsTaskResult> results) {
        Map<String, Double> scores = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (StsTaskResult r : results) {
            if (r.isOk()) {
                scores.put(r.task(), PythonRounding.round2(r.spearman() * 100));
            } else {
                missing.add(r.task());
            }
        }
        double sum = 0;
        for (double v : scores.values()) {
            sum += v;
        }
        double average = scores.isEmpty() ? Double.NaN : PythonRounding.round2(sum / scores.size());
        boolean complete = true;
        for (StsTask t : StsTask.values()) {
            complete &= scores.containsKey(t.taskName());
        }
        return new StsSummary(scores, average, scores.size(), missing, complete);
    }
}
