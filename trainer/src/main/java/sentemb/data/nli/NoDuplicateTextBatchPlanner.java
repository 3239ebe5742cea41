package sentemb.data.nli;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Cuts an epoch into batches in which no text occurs in two different rows. With
 * in-batch negatives a repeated text (SNLI reuses hypotheses such as "People are
 * outside ." across premises) would be a negative identical to a positive.
 *
 * <p>Algorithm, deterministic given the shuffled order:
 * <ol>
 *   <li>Greedy deferral. Batches are filled in order. Each batch first takes, in FIFO
 *       order, the rows deferred earlier that do not clash with it, then takes rows from the
 *       shuffled order; a row that shares a text with a row already in the batch goes to
 *       the back of the deferred queue. Rows therefore move only later, and usually by one
 *       batch.</li>
 *   <li>Repair. If a batch is still short at the end (only clashing rows were left), each
 *       missing place is filled from the leftover rows: a leftover row that fits directly,
 *       else a swap — the first row y of an earlier or later batch b (in batch order) such
 *       that y fits the short batch and the leftover row fits b without y.</li>
 * </ol>
 * Batch sizes and counts are exactly those of the plain sampler, every row is used once
 * per epoch (unless the last partial batch is dropped), and a batch never holds the same
 * text in two rows. If repair finds no swap an {@link IllegalStateException} says so
 * (never seen on real data: it needs texts repeated nearly once per batch).
 * A text repeated within one row (anchor equal to its positive) is no false negative and is
 * allowed.
 */
final class NoDuplicateTextBatchPlanner implements BatchPlanner {
    private final String source;
    private final int[][] rowTexts;
    private final String[] texts;
    private final int[] frequency;

    NoDuplicateTextBatchPlanner(NliDataset data) {
        this.source = data.source();
        Map<String, Integer> ids = new HashMap<>();
        rowTexts = new int[data.size()][];
        for (int r = 0; r < data.size(); r++) {
            Triplet t = data.get(r);
            int a = ids.computeIfAbsent(t.anchor(), k -> ids.size());
            int p = ids.computeIfAbsent(t.positive(), k -> ids.size());
            int[] row = a == p ? new int[] {a} : new int[] {a, p};
            if (t.hasHardNegative()) {
                int n = ids.computeIfAbsent(t.hardNegative(), k -> ids.size());
                if (n != a && n != p) {
                    row = Arrays.copyOf(row, row.length + 1);
                    row[row.length - 1] = n;
                }
            }
            rowTexts[r] = row;
        }
        texts = new String[ids.size()];
        ids.forEach((text, id) -> texts[id] = text);
        frequency = new int[texts.length];
        for (int[] row : rowTexts) {
            for (int id : row) {
                frequency[id]++;
            }
        }
    }

    /**
     * Throws when some text occurs in more rows than there are batches: then some batch must
     * hold it twice.
     */
    void requireFeasible(int batches) {
        int worst = 0;
        for (int id = 1; id < frequency.length; id++) {
            if (frequency[id] > frequency[worst]) {
                worst = id;
            }
        }
        if (frequency.length > 0 && frequency[worst] > batches) {
            throw new IllegalArgumentException(source + ": the text \"" + texts[worst] + "\" occurs in "
                    + frequency[worst] + " rows but an epoch has only " + batches
                    + " batches, so batches without duplicate texts are impossible; use a smaller batch size"
                    + " or turn no-duplicate batching off");
        }
    }

    @Override
    public int[][] plan(int[] order, int[] sizes) {
        int k = sizes.length;
        int[][] batches = new int[k][];
        int[] filled = new int[k];
        int[] stamp = new int[texts.length];
        Arrays.fill(stamp, -1);
        IntList deferred = new IntList();
        int next = 0;
        for (int b = 0; b < k; b++) {
            int[] batch = batches[b] = new int[sizes[b]];
            int n = 0;
            IntList stillDeferred = new IntList();
            for (int i = 0; i < deferred.size(); i++) {
                int r = deferred.get(i);
                if (n < batch.length && fits(r, stamp, b)) {
                    n = take(batch, n, r, stamp, b);
                } else {
                    stillDeferred.add(r);
                }
            }
            deferred = stillDeferred;
            while (n < batch.length && next < order.length) {
                int r = order[next++];
                if (fits(r, stamp, b)) {
                    n = take(batch, n, r, stamp, b);
                } else {
                    deferred.add(r);
                }
            }
            filled[b] = n;
        }
        IntList leftovers = deferred;
        while (next < order.length) {
            leftovers.add(order[next++]);
        }
        for (int b = 0; b < k; b++) {
            if (filled[b] < sizes[b]) {
                repair(batches, filled, b, leftovers);
            }
        }
        return batches;
    }

    private boolean fits(int row, int[] stamp, int batch) {
        for (int id : rowTexts[row]) {
            if (stamp[id] == batch) {
                return false;
            }
        }
        return true;
    }

    private int take(int[] batch, int n, int row, int[] stamp, int b) {
        for (int id : rowTexts[row]) {
            stamp[id] = b;
        }
        batch[n] = row;
        return n + 1;
    }

    /** Fills the short batch {@code t} from the leftovers, directly or by one swap each. */
    private void repair(int[][] batches, int[] filled, int t, IntList leftovers) {
        int[] inT = new int[texts.length];
        int[] inB = new int[texts.length];
        for (int i = 0; i < filled[t]; i++) {
            count(inT, batches[t][i], 1);
        }
        while (filled[t] < batches[t].length) {
            if (!placeDirectly(batches, filled, t, leftovers, inT) && !placeBySwap(batches, filled, t, leftovers, inT, inB)) {
                throw new IllegalStateException(source + ": cannot complete batch " + t + " (" + filled[t] + " of "
                        + batches[t].length + " rows) without repeating a text: every one of the "
                        + leftovers.size() + " leftover rows clashes with it and no single swap helps;"
                        + " use a smaller batch size or turn no-duplicate batching off");
            }
        }
    }

    private boolean placeDirectly(int[][] batches, int[] filled, int t, IntList leftovers, int[] inT) {
        for (int i = 0; i < leftovers.size(); i++) {
            int x = leftovers.get(i);
            if (clashes(x, inT, -1) == 0) {
                leftovers.removeAt(i);
                batches[t][filled[t]++] = x;
                count(inT, x, 1);
                return true;
            }
        }
        return false;
    }

    private boolean placeBySwap(int[][] batches, int[] filled, int t, IntList leftovers, int[] inT, int[] inB) {
        for (int i = 0; i < leftovers.size(); i++) {
            int x = leftovers.get(i);
            for (int b = 0; b < batches.length; b++) {
                if (b == t) {
                    continue;
                }
                int[] batch = batches[b];
                for (int j = 0; j < filled[b]; j++) {
                    count(inB, batch[j], 1);
                }
                int found = -1;
                for (int j = 0; j < filled[b] && found < 0; j++) {
                    int y = batch[j];
                    if (clashes(y, inT, -1) == 0 && clashes(x, inB, y) == 0) {
                        found = j;
                    }
                }
                for (int j = 0; j < filled[b]; j++) {
                    count(inB, batch[j], -1);
                }
                if (found >= 0) {
                    int y = batch[found];
                    batch[found] = x;
                    leftovers.removeAt(i);
                    batches[t][filled[t]++] = y;
                    count(inT, y, 1);
                    return true;
                }
            }
        }
        return false;
    }

    private void count(int[] counts, int row, int delta) {
        for (int id : rowTexts[row]) {
            counts[id] += delta;
        }
    }

    /** How many of the row's texts are already counted, not counting those of row {@code without}. */
    private int clashes(int row, int[] counts, int without) {
        int n = 0;
        for (int id : rowTexts[row]) {
            int c = counts[id];
            if (without >= 0 && contains(rowTexts[without], id)) {
                c--;
            }
            n += c;
        }
        return n;
    }

    private static boolean contains(int[] ids, int id) {
        for (int v : ids) {
            if (v == id) {
                return true;
            }
        }
        return false;
    }

    /** A minimal growable int list (used as a FIFO queue: append, scan in order, remove). */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }

        void removeAt(int i) {
            System.arraycopy(a, i + 1, a, i, n - i - 1);
            n--;
        }
    }
}
