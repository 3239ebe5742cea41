package sentemb.eval.icl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import sentemb.data.sts.StsDataLoader;
import sentemb.data.sts.StsDataset;
import sentemb.data.sts.StsLoadResult;
import sentemb.data.sts.StsPair;
import sentemb.data.sts.StsSplit;
import sentemb.data.sts.StsSubset;
import sentemb.data.sts.StsTask;

/**
 * The STS-B dev pairs a demonstration search scores on: all of them, or a deterministic
 * subsample for a faster search.
 *
 * <p>Subsampling: the pair indices (all subsets pooled, file order) are shuffled with
 * {@code Collections.shuffle(indices, new java.util.Random(seed))} — both specified by the
 * JDK, so the same seed picks the same pairs on every JVM — the first {@code limit} are kept
 * and put back in file order.
 *
 * @param dataset the pairs to score
 * @param totalPairs the pairs of the full split
 * @param seed the subsampling seed, empty when every pair is used
 */
public record DevSelection(StsDataset dataset, int totalPairs, OptionalLong seed) {

    /** Loads STS-B dev from SentEval's {@code downstream} folder and keeps {@code limit} pairs (0: all). */
    public static DevSelection load(Path downstreamDir, int limit, long seed) {
        StsLoadResult r = new StsDataLoader(downstreamDir).load(StsTask.STS_BENCHMARK, StsSplit.DEV);
        if (r instanceof StsLoadResult.Missing m) {
            throw new IllegalArgumentException("STS-B dev is needed for the demonstration search, but " + downstreamDir
                    + " lacks " + m.missingFiles() + " (expected SentEval's downstream layout: STS/STSBenchmark/sts-dev.csv)");
        }
        return of(((StsLoadResult.Loaded) r).dataset(), limit, seed);
    }

    /** {@code limit} pairs of {@code full} chosen with {@code seed}; all of them when limit is 0 or at least their number. */
    public static DevSelection of(StsDataset full, int limit, long seed) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all pairs) or positive, got " + limit);
        }
        int total = full.pairCount();
        if (limit == 0 || limit >= total) {
            return new DevSelection(full, total, OptionalLong.empty());
        }
        List<Integer> order = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        boolean[] keep = new boolean[total];
        for (int i = 0; i < limit; i++) {
            keep[order.get(i)] = true;
        }
        List<StsSubset> subsets = new ArrayList<>();
        int index = 0;
        for (StsSubset s : full.subsets()) {
            List<StsPair> kept = new ArrayList<>();
            for (StsPair p : s.pairs()) {
                if (keep[index++]) {
                    kept.add(p);
                }
            }
            if (!kept.isEmpty()) {
                subsets.add(new StsSubset(s.name(), kept));
            }
        }
        return new DevSelection(new StsDataset(full.task(), full.split(), subsets), total, OptionalLong.of(seed));
    }

    public int pairs() {
        return dataset.pairCount();
    }

    /** One line for logs and reports, e.g. {@code STSBenchmark dev: 500 of 1500 pairs, subsampled with seed 42}. */
    public String describe() {
        String what = dataset.task().taskName() + " " + dataset.split().label() + ": ";
        return seed.isPresent()
                ? what + pairs() + " of " + totalPairs + " pairs, subsampled with seed " + seed.getAsLong()
                : what + "all " + totalPairs + " pairs";
    }
}
