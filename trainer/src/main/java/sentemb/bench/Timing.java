package sentemb.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall-clock seconds of repeated runs of one piece of work, after untimed warm-up runs. */
record Timing(List<Double> seconds) {

    Timing {
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException("a timing needs at least one repeat");
        }
        seconds = List.copyOf(seconds);
    }

    static Timing measure(int warmup, int repeats, Runnable work) {
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("warmup must be >= 0 and repeats >= 1, got " + warmup + " and " + repeats);
        }
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            s.add((System.nanoTime() - t0) / 1e9);
        }
        return new Timing(s);
    }

    /** The middle value; the mean of the two middle values for an even count. */
    double median() {
        List<Double> s = new ArrayList<>(seconds);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(seconds);
    }

    int repeats() {
        return seconds.size();
    }
}
