package sentemb.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a resume's overrides (command line and SENTEMB_* variables) change against the recipe
 * saved in the checkpoint. Changes to what is trained and how (schedule, optimizer, data,
 * model, batch, loss, seed, devices, precision) would silently change the run from the resume
 * step on, so they are refused unless the user asks for them with
 * {@code --allow-recipe-changes}; settings that only say where results go and how they are
 * scored and logged (checkpoint, eval, logging), or how memory is handed back (memory), may
 * change freely. Either way every change is printed.
 */
final class ResumeChanges {
    static final String ALLOW_OPTION = "--allow-recipe-changes";
    /** Settings outside the training trajectory (prefixes end in a dot). */
    private static final List<String> FREE = List.of("run.dir", "run.name", "checkpoint.", "eval.", "logging.", "memory.");

    private ResumeChanges() {}

    /** One changed setting. */
    record Change(String key, String saved, String now) {
        boolean altersTrajectory() {
            return FREE.stream().noneMatch(f -> f.endsWith(".") ? key.startsWith(f) : key.equals(f));
        }

        @Override
        public String toString() {
            return key + ": " + saved + " -> " + now;
        }
    }

    /** The settings that differ between two resolved recipes (run.dir and run.name excluded: resume sets them). */
    static List<Change> between(String savedHocon, String newHocon) {
        Map<String, String> a = flatten(savedHocon);
        Map<String, String> b = flatten(newHocon);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Change> out = new ArrayList<>();
        for (String k : keys) {
            String x = a.getOrDefault(k, "null");
            String y = b.getOrDefault(k, "null");
            if (!x.equals(y) && !k.equals("run.dir") && !k.equals("run.name")) {
                out.add(new Change(k, x, y));
            }
        }
        return out;
    }

    /** Throws unless every change leaves the trajectory alone or {@code allowed} says the user wants them. */
    static void require(List<Change> changes, boolean allowed, String checkpoint) {
        List<Change> trajectory = changes.stream().filter(Change::altersTrajectory).toList();
        if (!trajectory.isEmpty() && !allowed) {
            throw new IllegalArgumentException("resuming " + checkpoint + " with these overrides would change the run from its"
                    + " resume step on: " + String.join(", ", trajectory.stream().map(Change::toString).toList())
                    + "; drop them to continue the run exactly, or add " + ALLOW_OPTION + " to resume with them anyway");
        }
    }

    private static Map<String, String> flatten(String hocon) {
        Config c = ConfigFactory.parseString(hocon).resolve();
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            out.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
        }
        return out;
    }
}
