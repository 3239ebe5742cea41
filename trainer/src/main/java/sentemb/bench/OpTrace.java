package sentemb.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Engine calls of one piece of work, from libtorch's profiler (a Chrome trace): the number of
 * top-level operators (an op not nested in another op on the same thread: what the caller
 * dispatched, forward ops from Java and backward nodes from autograd) and their summed time.
 * Wall time minus that sum is what ran outside libtorch's operators: Java, JNI, DJL's array
 * bookkeeping, and idle gaps. The profiler slows each op a little, so only the counts are exact.
 */
final class OpTrace {
    record Summary(long events, long topLevelOps, double topLevelSeconds, double wallSeconds) {}

    private OpTrace() {}

    /** Runs {@code work} once under the profiler, writing the trace to {@code file}. */
    static Summary profile(Path file, Runnable work) {
        JniUtils.startProfile(false, false, false);
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            JniUtils.stopProfile(file.toString());
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Summary s = read(file);
        return new Summary(s.events(), s.topLevelOps(), s.topLevelSeconds(), wall);
    }

    static Summary read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("bench: cannot read profiler trace " + file + ": " + e.getMessage(), e);
        }
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        record Ev(String tid, double ts, double end) {}
        List<Ev> evs = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.has("dur") && e.has("ts") && "X".equals(e.path("ph").asText("X"))) {
                double ts = e.get("ts").asDouble();
                evs.add(new Ev(e.path("tid").asText(""), ts, ts + e.get("dur").asDouble()));
            }
        }
        evs.sort(Comparator.comparing(Ev::tid).thenComparingDouble(Ev::ts).thenComparingDouble(ev -> -ev.end()));
        long top = 0;
        double micros = 0;
        String tid = null;
        double openUntil = Double.NEGATIVE_INFINITY;
        for (Ev e : evs) {
            if (!e.tid().equals(tid)) {
                tid = e.tid();
                openUntil = Double.NEGATIVE_INFINITY;
            }
            if (e.ts() >= openUntil) { // not inside the current top-level op
                top++;
                micros += e.end() - e.ts();
                openUntil = e.end();
            }
        }
        return new Summary(evs.size(), top, micros / 1e6, Double.NaN);
    }
}
