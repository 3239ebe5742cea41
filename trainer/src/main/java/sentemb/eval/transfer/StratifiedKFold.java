package sentemb.eval.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * scikit-learn's {@code StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)} (the
 * algorithm of sklearn ≥ 0.22, which SentEval's validation code calls), reproduced exactly:
 * classes are numbered by first appearance; the per-fold count of each class comes from
 * dealing the sorted labels round-robin over the folds; each class's block of fold ids is
 * then shuffled with a fresh {@code RandomState(seed)} shared across classes.
 */
final class StratifiedKFold {

    /** One split: ascending row indices of the training and the held-out part. */
    record Fold(int[] train, int[] test) {}

    private final int k;
    private final long seed;

    StratifiedKFold(int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2, got " + k);
        }
        this.k = k;
        this.seed = seed;
    }

    /** The held-out fold id of every sample. */
    int[] testFolds(int[] labels) {
        int n = labels.length;
        Map<Integer, Integer> firstSeen = new HashMap<>();
        int[] encoded = new int[n];
        for (int i = 0; i < n; i++) {
            Integer c = firstSeen.get(labels[i]);
            if (c == null) {
                c = firstSeen.size();
                firstSeen.put(labels[i], c);
            }
            encoded[i] = c;
        }
        int numClasses = firstSeen.size();
        int[] counts = new int[numClasses];
        for (int c : encoded) {
            counts[c]++;
        }
        boolean anyLargeEnough = false;
        for (int c : counts) {
            anyLargeEnough |= c >= k;
        }
        if (!anyLargeEnough) {
            throw new IllegalArgumentException("n_splits=" + k + " cannot be greater than the number of members "
                    + "in each class " + Arrays.toString(counts));
        }
        int[] sorted = encoded.clone();
        Arrays.sort(sorted);
        int[][] allocation = new int[k][numClasses];
        for (int i = 0; i < n; i++) {
            allocation[i % k][sorted[i]]++;
        }
        NumpyRandomState rng = new NumpyRandomState(seed);
        int[] folds = new int[n];
        for (int c = 0; c < numClasses; c++) {
            int[] forClass = new int[counts[c]];
            int pos = 0;
            for (int f = 0; f < k; f++) {
                for (int r = 0; r < allocation[f][c]; r++) {
                    forClass[pos++] = f;
                }
            }
            rng.shuffle(forClass);
            pos = 0;
            for (int i = 0; i < n; i++) {
                if (encoded[i] == c) {
                    folds[i] = forClass[pos++];
                }
            }
        }
        return folds;
    }

    /** The k splits in fold order, as {@code skf.split(X, y)} yields them. */
    List<Fold> split(int[] labels) {
        int[] folds = testFolds(labels);
        List<Fold> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int nTest = 0;
            for (int v : folds) {
                nTest += v == f ? 1 : 0;
            }
            int[] test = new int[nTest];
            int[] train = new int[folds.length - nTest];
            int a = 0;
            int b = 0;
            for (int i = 0; i < folds.length; i++) {
                if (folds[i] == f) {
                    test[a++] = i;
                } else {
                    train[b++] = i;
                }
            }
            out.add(new Fold(train, test));
        }
        return out;
    }
}
