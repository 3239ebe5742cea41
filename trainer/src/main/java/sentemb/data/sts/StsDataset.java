package sentemb.data.sts;

import java.util.List;

/** The loaded pairs of one task and split, grouped in SentEval's subsets. */
public record StsDataset(StsTask task, StsSplit split, List<StsSubset> subsets) {
    public StsDataset {
        subsets = List.copyOf(subsets);
    }

    /** Number of pairs over all subsets. */
    public int pairCount() {
        return subsets.stream().mapToInt(s -> s.pairs().size()).sum();
    }
}
