package sentemb.data.sts;

import java.util.List;

/**
 * The pairs of one scored unit: a SemEval subset of STS12–16 (e.g. "MSRpar"), or the one
 * split of STS-B / SICK-R that is evaluated (named after the split, e.g. "test").
 */
public record StsSubset(String name, List<StsPair> pairs) {
    public StsSubset {
        pairs = List.copyOf(pairs);
    }
}
