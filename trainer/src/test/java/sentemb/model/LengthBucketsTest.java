package sentemb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bucket plan against hand-worked cases and against brute force over every partition. */
class LengthBucketsTest {

    @Test
    void handWorkedCases() {
        int[] lengths = {10, 2, 2, 10};
        // one group: 4 * 10 = 40 (+ overhead); two groups {2,2} {10,10}: 4 + 20 = 24 (+ 2 overheads)
        assertEquals(1, LengthBuckets.plan(lengths, 16.1).size());
        List<int[]> two = LengthBuckets.plan(lengths, 15.9);
        assertEquals(2, two.size());
        assertArrayEquals(new int[] {1, 2}, two.get(0));
        assertArrayEquals(new int[] {0, 3}, two.get(1));
        assertEquals(24, LengthBuckets.paddedTokens(lengths, two));
        // overhead 0: every distinct length its own group
        assertEquals(2, LengthBuckets.plan(lengths, 0).size());
        assertEquals(3, LengthBuckets.plan(new int[] {1, 2, 3}, 0).size());
        assertEquals(1, LengthBuckets.plan(new int[] {5}, 0).size());
        assertThrows(IllegalArgumentException.class, () -> LengthBuckets.plan(new int[0], 1));
        assertThrows(IllegalArgumentException.class, () -> LengthBuckets.plan(new int[] {1}, -1));
        assertThrows(IllegalArgumentException.class, () -> LengthBuckets.plan(new int[] {1}, Double.NaN));
    }

    @Test
    void optimalAgainstEveryPartitionOfSmallBatches() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(7);
            int[] lengths = rng.ints(n, 1, 30).toArray();
            double overhead = rng.nextInt(40);
            List<int[]> plan = LengthBuckets.plan(lengths, overhead);
            boolean[] seen = new boolean[n];
            for (int[] g : plan) {
                for (int i : g) {
                    assertEquals(false, seen[i], "index twice");
                    seen[i] = true;
                }
            }
            for (boolean s : seen) {
                assertEquals(true, s, "index missing");
            }
            double got = LengthBuckets.paddedTokens(lengths, plan) + overhead * plan.size();
            assertEquals(bruteForce(lengths, overhead), got, 1e-9, "lengths " + java.util.Arrays.toString(lengths));
        }
    }

    /** Least cost over every set partition (not only contiguous ones). */
    private static double bruteForce(int[] lengths, double overhead) {
        return best(lengths, overhead, 0, new ArrayList<>());
    }

    private static double best(int[] lengths, double overhead, int i, List<List<Integer>> groups) {
        if (i == lengths.length) {
            double c = overhead * groups.size();
            for (List<Integer> g : groups) {
                int longest = 0;
                for (int k : g) {
                    longest = Math.max(longest, lengths[k]);
                }
                c += (double) g.size() * longest;
            }
            return c;
        }
        double b = Double.POSITIVE_INFINITY;
        for (int k = 0, n = groups.size(); k < n; k++) {
            List<Integer> g = groups.get(k);
            g.add(i);
            b = Math.min(b, best(lengths, overhead, i + 1, groups));
            g.remove(g.size() - 1);
        }
        List<Integer> fresh = new ArrayList<>(List.of(i));
        groups.add(fresh);
        b = Math.min(b, best(lengths, overhead, i + 1, groups));
        groups.remove(groups.size() - 1);
        return b;
    }
}
