package sentemb.checkpoint;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named points inside a checkpoint save where a crash test can make the process die on the
 * spot or stop and wait to be killed, so that kills land deterministically in every stage.
 * Off unless the system property {@value #PROPERTY} is set to {@code die:STAGE@N} (halt the
 * JVM, as abruptly as {@code kill -9} as far as the files are concerned) or
 * {@code pause:STAGE@N} (print {@code sentemb-test: paused at STAGE} on stderr and sleep until
 * killed), acting the N-th time (from 1) STAGE is reached. Normal runs never set it.
 */
public final class KillPoints {
    public static final String PROPERTY = "sentemb.test.kill-point";

    /** Step folder half written: trainable weights on disk, optimizer state not yet. */
    public static final String STEP_FILES = "step-files";
    /** Step folder complete with its manifest, not yet renamed into place. */
    public static final String STEP_MANIFEST = "step-manifest";
    /** step-N published; best/ (when N is the new best) not yet replaced. */
    public static final String STEP_PUBLISHED = "step-published";
    /** The copy for best/ complete in its temp folder; the old best/ still in place. */
    public static final String BEST_COPIED = "best-copied";
    /** The old best/ moved aside, the new one not yet renamed in. */
    public static final String BEST_ASIDE = "best-aside";
    /** An old step folder moved out of the way for pruning, not yet deleted. */
    public static final String PRUNE = "prune";

    /** Every stage, in the order a save that publishes best/ and prunes reaches them. */
    public static final List<String> STAGES = List.of(STEP_FILES, STEP_MANIFEST, STEP_PUBLISHED, BEST_COPIED, BEST_ASIDE, PRUNE);

    private static final String SPEC = System.getProperty(PROPERTY);
    private static final Map<String, Integer> REACHED = new ConcurrentHashMap<>();

    private KillPoints() {}

    /** Marks {@code stage} as reached; dies or pauses there if the property asks for it. */
    public static void reach(String stage) {
        if (SPEC == null) {
            return;
        }
        int count = REACHED.merge(stage, 1, Integer::sum);
        String[] actionAndPoint = SPEC.split(":", 2);
        String[] stageAndCount = actionAndPoint[1].split("@", 2);
        if (!stageAndCount[0].equals(stage) || Integer.parseInt(stageAndCount[1]) != count) {
            return;
        }
        System.err.println("sentemb-test: " + (actionAndPoint[0].equals("die") ? "dying" : "paused") + " at " + stage);
        System.err.flush();
        if (actionAndPoint[0].equals("die")) {
            Runtime.getRuntime().halt(137);
        }
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // keep waiting for the kill
            }
        }
    }
}
