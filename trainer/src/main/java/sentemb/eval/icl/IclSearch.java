package sentemb.eval.icl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.eval.PromptEolEncoder;
import sentemb.eval.SentenceEncoder;
import sentemb.eval.StsEvaluator;
import sentemb.model.DecoderModel;
import sentemb.model.SequenceEmbedder;
import sentemb.text.Demonstration;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * Demonstration search as the PromptEOL paper builds its in-context example: every candidate
 * (sentence, word) of a pool is put in front of the template, the model embeds the STS-B dev
 * sentences with it, and candidates are ranked by the dev Spearman; the representation
 * without a demonstration is scored too, as the baseline. Each candidate re-embeds all dev
 * sentences; with prefix sharing the demonstration tokens run once per batch.
 */
public final class IclSearch {
    private static final Logger LOG = LoggerFactory.getLogger(IclSearch.class);

    private final Function<Representation, SentenceEncoder> encoders;
    private final Representation base;
    private final int batchSize;

    /**
     * @param encoders builds the encoder for one representation (the search calls it once per candidate)
     * @param base the representation every candidate's demonstration replaces the demonstration
     *     of; {@link Representation#forEvaluation()} for what {@code eval} uses
     * @param batchSize sentences per encoder call
     */
    public IclSearch(Function<Representation, SentenceEncoder> encoders, Representation base, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.encoders = Objects.requireNonNull(encoders, "encoders");
        this.base = Objects.requireNonNull(base, "base");
        this.batchSize = batchSize;
    }

    /** The search with PromptEOL encoders over one OPT model (prefix sharing on, pooling of {@code base}). */
    public static IclSearch forModel(DecoderModel model, PromptTokenizer tokenizer, Representation base, int batchSize) {
        SequenceEmbedder embedder = SequenceEmbedder.packed(model, base.pooling(), true);
        return new IclSearch(r -> new PromptEolEncoder(embedder, tokenizer, r, batchSize), base, batchSize);
    }

    /** The representation a candidate is scored with ({@code null}: the baseline, no demonstration). */
    public Representation representation(Demonstration demonstration) {
        return base.withDemonstration(demonstration);
    }

    /** STS-B dev Spearman with that demonstration ({@code null}: none). */
    public double score(DevSelection dev, Demonstration demonstration) {
        SentenceEncoder encoder = encoders.apply(representation(demonstration));
        return new StsEvaluator(encoder, batchSize, false).evaluate(dev.dataset()).result().spearman();
    }

    /** Scores the baseline and every candidate, logging one line per candidate, and ranks them. */
    public IclSearchResult run(DevSelection dev, List<PoolEntry> pool) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("the demonstration pool is empty");
        }
        LOG.info("demonstration search: {} candidates + baseline on {}", pool.size(), dev.describe());
        long start = System.nanoTime();
        List<RankedCandidate> scored = new ArrayList<>(pool.size() + 1);
        double baseline = score(dev, null);
        scored.add(new RankedCandidate(0, baseline, null, RankedCandidate.BASELINE));
        LOG.info("[0/{}] baseline (no demonstration): {}", pool.size(), pct(baseline));
        RankedCandidate best = null;
        for (int i = 0; i < pool.size(); i++) {
            PoolEntry e = pool.get(i);
            RankedCandidate c = new RankedCandidate(0, score(dev, e.demonstration()), e.demonstration(), e.source());
            scored.add(c);
            if (best == null || BY_SPEARMAN_DESC.compare(c, best) < 0) {
                best = c;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            LOG.info("[{}/{}] {} {} ({}); best so far {} {} ({}); baseline {}; {} s elapsed", i + 1, pool.size(),
                    pct(c.spearman()), c.label(), c.source(), pct(best.spearman()), best.label(), best.source(),
                    pct(baseline), String.format(Locale.ROOT, "%.1f", elapsed));
        }
        return new IclSearchResult(rank(scored), dev);
    }

    /** Highest Spearman first, NaN last; ties keep their order (baseline, then pool order). */
    static final Comparator<RankedCandidate> BY_SPEARMAN_DESC = (a, b) -> {
        boolean an = Double.isNaN(a.spearman());
        boolean bn = Double.isNaN(b.spearman());
        if (an || bn) {
            return Boolean.compare(an, bn);
        }
        return Double.compare(b.spearman(), a.spearman());
    };

    private static List<RankedCandidate> rank(List<RankedCandidate> scored) {
        List<RankedCandidate> sorted = new ArrayList<>(scored);
        sorted.sort(BY_SPEARMAN_DESC); // List.sort is stable
        List<RankedCandidate> ranked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            RankedCandidate c = sorted.get(i);
            ranked.add(new RankedCandidate(i + 1, c.spearman(), c.demonstration(), c.source()));
        }
        return ranked;
    }

    private static String pct(double spearman) {
        return Double.isNaN(spearman) ? "nan" : String.format(Locale.ROOT, "%.2f", 100 * spearman);
    }
}
