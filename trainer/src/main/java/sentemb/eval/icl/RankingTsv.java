package sentemb.eval.icl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import sentemb.io.AtomicFiles;

/**
 * {@code ranking.tsv}: header {@code rank, spearman_x100, sentence, word, source}, one row per
 * candidate, best first; the baseline row has an empty sentence and word and source
 * {@value RankedCandidate#BASELINE}. Spearman × 100 with four decimals, {@code nan} when undefined.
 */
public final class RankingTsv {
    public static final String HEADER = "rank\tspearman_x100\tsentence\tword\tsource";

    private RankingTsv() {}

    public static void write(Path file, List<RankedCandidate> ranking) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (RankedCandidate c : ranking) {
            sb.append(c.rank()).append('\t').append(c.spearmanX100()).append('\t')
                    .append(c.isBaseline() ? "" : c.demonstration().sentence()).append('\t')
                    .append(c.isBaseline() ? "" : c.demonstration().word()).append('\t')
                    .append(c.source()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
