package sentemb.eval.icl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A finished demonstration search: every candidate and the baseline, ranked by STS-B dev
 * Spearman, and the dev pairs they were scored on.
 */
public record IclSearchResult(List<RankedCandidate> ranking, DevSelection dev) {
    /** File names written by {@link #write}. */
    public static final String RANKING_FILE = "ranking.tsv";
    public static final String BEST_FILE = "best-demonstration.json";

    public IclSearchResult {
        ranking = List.copyOf(ranking);
        if (ranking.stream().filter(RankedCandidate::isBaseline).count() != 1) {
            throw new IllegalArgumentException("a ranking holds exactly one baseline row");
        }
    }

    /** The row without a demonstration. */
    public RankedCandidate baseline() {
        return ranking.stream().filter(RankedCandidate::isBaseline).findFirst().orElseThrow();
    }

    /** The highest-ranked demonstration with a defined Spearman (it may still rank below the baseline). */
    public Optional<RankedCandidate> best() {
        return ranking.stream().filter(c -> !c.isBaseline() && !Double.isNaN(c.spearman())).findFirst();
    }

    /** Candidates, without the baseline. */
    public int candidates() {
        return ranking.size() - 1;
    }

    /**
     * Writes {@value #RANKING_FILE} and {@value #BEST_FILE} into {@code outDir}, each atomically.
     * Fails after writing the ranking when no candidate has a defined Spearman.
     */
    public void write(Path outDir) throws IOException {
        RankingTsv.write(outDir.resolve(RANKING_FILE), ranking);
        RankedCandidate best = best().orElseThrow(() -> new IllegalStateException("no candidate has a defined STS-B dev "
                + "Spearman (constant embeddings?); " + outDir.resolve(RANKING_FILE) + " lists them, no "
                + BEST_FILE + " written"));
        BestDemonstrationFile.write(outDir.resolve(BEST_FILE), best, this);
    }

    /** The first {@code k} rows as a text table, with what they were scored on and the baseline. */
    public String topTable(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top must be >= 1, got " + k);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("demonstration search on ").append(dev.describe()).append(" (").append(candidates())
                .append(" candidates; Spearman x 100)\n");
        sb.append(String.format("%4s  %9s  %-16s  %s%n", "rank", "spearman", "source", "demonstration"));
        for (RankedCandidate c : ranking.subList(0, Math.min(k, ranking.size()))) {
            sb.append(String.format("%4d  %9s  %-16s  %s%n", c.rank(), c.spearmanX100(), c.source(), c.label()));
        }
        RankedCandidate b = baseline();
        if (b.rank() > k) {
            sb.append(String.format("%4d  %9s  %-16s  %s%n", b.rank(), b.spearmanX100(), b.source(), b.label()));
        }
        return sb.toString();
    }
}
