package sentemb.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sentemb.data.sts.StsDataset;
import sentemb.data.sts.StsPair;
import sentemb.data.sts.StsSubset;

/** Turns a dataset plus sentence embeddings into SentEval's correlations. */
final class StsScoring {
    private StsScoring() {}

    static StsTaskRun score(StsDataset data, Map<String, float[]> embeddings) {
        List<ScoredPair> scored = new ArrayList<>(data.pairCount());
        List<SubsetScore> subsets = new ArrayList<>();
        for (StsSubset subset : data.subsets()) {
            int n = subset.pairs().size();
            double[] cos = new double[n];
            double[] gold = new double[n];
            for (int i = 0; i < n; i++) {
                StsPair p = subset.pairs().get(i);
                cos[i] = CosineSimilarity.cosine(embeddings.get(p.sentence1()), embeddings.get(p.sentence2()));
                gold[i] = p.gold();
                scored.add(new ScoredPair(subset.name(), p.sentence1(), p.sentence2(), p.gold(), cos[i]));
            }
            subsets.add(new SubsetScore(subset.name(), n, Correlations.spearman(cos, gold), Correlations.pearson(cos, gold)));
        }
        double[] allCos = scored.stream().mapToDouble(ScoredPair::cosine).toArray();
        double[] allGold = scored.stream().mapToDouble(ScoredPair::gold).toArray();
        double spearman = Correlations.spearman(allCos, allGold);
        double pearson = Correlations.pearson(allCos, allGold);
        String task = data.task().taskName();
        String split = data.split().label();
        StsTaskResult result;
        if (data.task().isYearly()) {
            result = new StsTaskResult(task, StsStatus.OK, split, scored.size(), spearman, pearson,
                    average(subsets, false), average(subsets, true), subsets, List.of(), null);
        } else {
            result = new StsTaskResult(task, StsStatus.OK, split, scored.size(), spearman, pearson,
                    null, null, List.of(), List.of(), null);
        }
        return new StsTaskRun(result, scored);
    }

    /** SentEval's np.average of per-subset correlations, optionally weighted by pair count. */
    private static CorrelationScores average(List<SubsetScore> subsets, boolean weighted) {
        double s = 0;
        double p = 0;
        double w = 0;
        for (SubsetScore sub : subsets) {
            double weight = weighted ? sub.pairs() : 1;
            s += weight * sub.spearman();
            p += weight * sub.pearson();
            w += weight;
        }
        return new CorrelationScores(s / w, p / w);
    }
}
