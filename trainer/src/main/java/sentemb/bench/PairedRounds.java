package sentemb.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Java works and the PyTorch peer's current case (when there is one) timed in rounds: each
 * round runs every participant once, the order rotating from round to round so no participant
 * always follows the same one, and steps of different engines and variants are seconds apart:
 * a machine whose speed drifts affects them alike.
 */
final class PairedRounds {
    private PairedRounds() {}

    /**
     * At least {@code minRounds} rounds, more until {@code minSeconds} have passed, at most
     * {@code maxRounds}. Returns per participant (the works in order, then the peer) the wall
     * and CPU seconds of each round: Java's measured here, the peer's as it reports them.
     */
    static List<Timing> run(List<Runnable> works, PyTorchPeer peer, int minRounds, double minSeconds, int maxRounds) {
        int n = works.size() + (peer == null ? 0 : 1);
        List<List<Double>> wall = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            wall.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        long start = System.nanoTime();
        for (int r = 0; r < maxRounds; r++) {
            if (r >= minRounds && (System.nanoTime() - start) / 1e9 >= minSeconds) {
                break;
            }
            for (int i = 0; i < n; i++) {
                int k = (i + r) % n;
                if (k < works.size()) {
                    double c0 = Timing.processCpuSeconds();
                    long t0 = System.nanoTime();
                    works.get(k).run();
                    wall.get(k).add((System.nanoTime() - t0) / 1e9);
                    cpu.get(k).add(Timing.processCpuSeconds() - c0);
                } else {
                    PyTorchPeer.Step s = peer.step();
                    wall.get(k).add(s.wallSeconds());
                    cpu.get(k).add(s.cpuSeconds());
                }
            }
        }
        List<Timing> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(new Timing(wall.get(k), cpu.get(k)));
        }
        return out;
    }
}
