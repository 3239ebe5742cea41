package sentemb.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash test (issue 10): a child JVM trains the tiny recipe and is killed with -9 at
 * {@value #KILLS} points, resumed each time, and must end byte-identical to an uninterrupted
 * run: the last step's trainable weights and optimizer state, best/ (weights, optimizer state,
 * state), and the logged losses.
 *
 * <p>Half the kills land deterministically inside every stage of a save ({@link KillPoints}:
 * step folder half written, manifest written, step published before best/, best/ copy written,
 * old best/ moved aside, pruning), at a random occurrence of that stage; the others are
 * {@code destroyForcibly} after a random delay, so they land anywhere (start-up, recovery,
 * a step, an evaluation, a save). The order is shuffled. The seed is printed; rerun one with
 * {@code -Dsentemb.crash.seed=N}, and change the number of kills with
 * {@code -Dsentemb.crash.kills=N}.
 */
class CrashResumeTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashResumeTest.class);
    static final int KILLS = 20;
    static final int STEPS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * Dev evaluation (a 40-pair STS-B sample) and a save every 2 steps, so most early saves
     * also publish a new best/; pruning down to 2 steps.
     */
    private String[] recipe(Path runs, String name) {
        return ChildTraining.fresh(runs, name, "schedule.max-steps=" + STEPS, "schedule.warmup-steps=2", "optimizer.lr=5e-2",
                "checkpoint.save-every=2", "checkpoint.keep-last=2", "checkpoint.keep-best=true", "eval.every=2",
                "eval.data=\"" + tmp.resolve("sts") + "\"", "eval.tasks=[STSBenchmark]", "eval.final-tasks=[STSBenchmark]",
                "model.dropout=0.1");
    }

    @Test
    void killedAndResumedRunEqualsUninterruptedRun() throws Exception {
        long seed = Long.getLong("sentemb.crash.seed", new Random().nextLong());
        int kills = Integer.getInteger("sentemb.crash.kills", KILLS);
        LOG.info("crash test: {} kills, seed {} (rerun with -Dsentemb.crash.seed={})", kills, seed, seed);
        Random random = new Random(seed);
        Path sts = Files.createDirectories(tmp.resolve("sts/STS/STSBenchmark"));
        Path sample = sentemb.TestPaths.repoRoot().resolve("data/sts-sample/STS/STSBenchmark");
        for (String f : new String[] {"sts-dev.csv", "sts-test.csv"}) {
            Files.write(sts.resolve(f), Files.readAllLines(sample.resolve(f)).subList(0, 40));
        }
        Path runs = tmp.resolve("runs");
        ChildRun whole = ChildRun.start(tmp, null, recipe(runs, "whole"));
        assertEquals(0, whole.waitFor(), whole::toString);
        Path reference = runs.resolve("whole");
        List<Long> bests = newBestSteps(reference);

        Path run = runs.resolve("killed");
        List<String> landed = new ArrayList<>();
        for (String point : plan(kills, random)) {
            long at = new RunDirectory(run).latestGood().map(CrashResumeTest::stepOf).orElse(0L);
            String[] cmd = at > 0 ? ChildTraining.resume(run) : recipe(runs, "killed");
            if (point.equals("timed")) {
                int rows = rows(run);
                int more = random.nextInt(2);
                ChildRun child = ChildRun.start(tmp, null, cmd);
                if (more == 0) {
                    Thread.sleep(random.nextInt(1500)); // start-up, recovery or the first step
                } else {
                    while (rows(run) < rows + more && child.process.isAlive()) {
                        Thread.sleep(2);
                    }
                    Thread.sleep(random.nextInt(40)); // somewhere in a step, an evaluation or a save
                }
                child.kill();
                assertTrue(child.process.exitValue() != 0, () -> "the run ended before its kill (seed " + seed + "): " + child);
                LOG.info("crash test: killed {} steps after step {}; run folder now {}", more, at, names(run));
            } else {
                String killPoint = "die:" + point + "@" + occurrence(point, at, bests, random);
                ChildRun child = ChildRun.start(tmp, killPoint, cmd);
                assertEquals(137, child.waitFor(), () -> killPoint + " did not land (seed " + seed + "): " + child);
                landed.add(point);
                LOG.info("crash test: died at {} after step {}; run folder now {}", killPoint, at, names(run));
            }
        }
        assertTrue(landed.containsAll(KillPoints.STAGES), "not every save stage was hit: " + landed);

        ChildRun last = ChildRun.start(tmp, null, ChildTraining.resume(run));
        assertEquals(0, last.waitFor(), last::toString);
        String last1 = "step-" + STEPS;
        for (String f : new String[] {TrainingCheckpoint.TRAINABLE, TrainingCheckpoint.OPTIMIZER}) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(last1).resolve(f)), Files.readAllBytes(run.resolve(last1).resolve(f)),
                    last1 + "/" + f + " (seed " + seed + ")");
            assertArrayEquals(Files.readAllBytes(reference.resolve("best").resolve(f)), Files.readAllBytes(run.resolve("best").resolve(f)),
                    "best/" + f + " (seed " + seed + ")");
        }
        assertEquals(state(reference.resolve(last1)), state(run.resolve(last1)), last1 + " state (seed " + seed + ")");
        assertEquals(state(reference.resolve("best")), state(run.resolve("best")), "best/ state (seed " + seed + ")");
        Manifest.verify(run.resolve("best"));
        assertEquals(losses(reference), losses(run), "metrics.csv losses (seed " + seed + ")");
        assertEquals(names(reference), names(run), "run folder contents (seed " + seed + ")");
    }

    /**
     * Half the kills at save stages, half timed, interleaved at random. Every stage comes once
     * first, the two of best/ publication leading (new bests get rare as the run goes on), then
     * random stages that every save reaches.
     */
    private static List<String> plan(int kills, Random random) {
        List<String> best = new ArrayList<>(List.of(KillPoints.BEST_COPIED, KillPoints.BEST_ASIDE));
        List<String> stages = new ArrayList<>(KillPoints.STAGES);
        stages.removeAll(best);
        Collections.shuffle(best, random);
        Collections.shuffle(stages, random);
        stages.addAll(0, best);
        while (stages.size() < kills / 2) {
            // stages every save reaches (new bests get rarer as the run goes on)
            stages.add(List.of(KillPoints.STEP_FILES, KillPoints.STEP_MANIFEST, KillPoints.STEP_PUBLISHED, KillPoints.PRUNE)
                    .get(random.nextInt(4)));
        }
        List<String> out = new ArrayList<>();
        int timed = kills - stages.size();
        int s = 0;
        for (int i = 0; i < kills; i++) {
            boolean stage = s < stages.size() && (timed == 0 || random.nextBoolean());
            out.add(stage ? stages.get(s++) : "timed");
            timed -= stage ? 0 : 1;
        }
        return out;
    }

    /**
     * Which occurrence of {@code stage} (1 or 2) the kill waits for, chosen among those the
     * uninterrupted run shows still lie ahead of step {@code at}: a save every 2 steps, a new
     * best at {@code bests} (best/ is replaced, and an old one moved aside, from the second).
     */
    private static int occurrence(String stage, long at, List<Long> bests, Random random) {
        long savesLeft = (STEPS - at) / 2;
        long ahead = switch (stage) {
            case KillPoints.BEST_COPIED -> bests.stream().filter(b -> b > at).count();
            case KillPoints.BEST_ASIDE -> bests.stream().filter(b -> b > at && b > bests.get(0)).count();
            case KillPoints.PRUNE -> savesLeft - 1;
            default -> savesLeft;
        };
        if (ahead < 1) {
            throw new AssertionError("no " + stage + " left after step " + at + " (new bests at " + bests + ")");
        }
        return ahead >= 2 && random.nextInt(4) == 0 ? 2 : 1;
    }

    private static List<Long> newBestSteps(Path run) throws Exception {
        List<Long> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (var e : JSON.readTree(run.resolve("step-" + STEPS).resolve("state.json").toFile()).get("evalHistory")) {
            if (e.get("score").asDouble() > best) {
                best = e.get("score").asDouble();
                out.add(e.get("step").asLong());
            }
        }
        return out;
    }

    private static long stepOf(Path stepDir) {
        return Long.parseLong(stepDir.getFileName().toString().substring("step-".length()));
    }

    private static int rows(Path run) throws Exception {
        Path m = run.resolve("metrics.csv");
        return Files.exists(m) ? (int) Files.readAllLines(m).stream().filter(l -> l.endsWith(",") || l.matches(".*\\d")).count() - 1 : 0;
    }

    /** state.json without its wall-clock time. */
    private static ObjectNode state(Path checkpoint) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(checkpoint.resolve("state.json").toFile());
        n.remove("savedAt");
        return n;
    }

    /** step -> "loss,lr,grad_norm,dev" from metrics.csv (the timing columns differ between runs). */
    private static Map<String, String> losses(Path run) throws Exception {
        Map<String, String> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            out.put(c[0], c[2] + "," + c[3] + "," + c[4] + "," + c[8]);
        }
        return out;
    }

    private static List<String> names(Path run) throws Exception {
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (var list = Files.list(run)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.equals("training.png")).sorted().toList();
        }
    }
}
