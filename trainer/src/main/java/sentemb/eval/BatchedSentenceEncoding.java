package sentemb.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes each distinct sentence once, in batches of sentences of similar length (as
 * SentEval sorts by length, to limit padding), and checks what the encoder returns.
 */
final class BatchedSentenceEncoding {
    private static final Logger LOG = LoggerFactory.getLogger(BatchedSentenceEncoding.class);

    private final SentenceEncoder encoder;
    private final int batchSize;
    private final EncodingProgress progress;

    BatchedSentenceEncoding(SentenceEncoder encoder, int batchSize, EncodingProgress progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.encoder = encoder;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    /**
     * The encoder calls {@link #encode} makes: the distinct sentences, sorted by length
     * (stable: ties keep first-seen order), cut into batches of {@code batchSize}.
     */
    static List<List<String>> batches(List<String> sentences, int batchSize) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(sentences));
        unique.sort(Comparator.comparingInt(String::length));
        List<List<String>> out = new ArrayList<>();
        for (int start = 0; start < unique.size(); start += batchSize) {
            out.add(unique.subList(start, Math.min(unique.size(), start + batchSize)));
        }
        return out;
    }

    /** Embeddings of the distinct sentences, keyed by sentence text. */
    Map<String, float[]> encode(String what, List<String> sentences) {
        List<List<String>> plan = batches(sentences, batchSize);
        int distinct = plan.stream().mapToInt(List::size).sum();
        int batches = plan.size();
        LOG.debug("{}: encoding {} distinct sentences in {} batches of up to {}", what, distinct, batches, batchSize);
        Map<String, float[]> out = new HashMap<>(distinct * 2);
        int dim = encoder.dimension();
        long started = System.nanoTime();
        try (ProgressBar bar = progress == EncodingProgress.BAR ? new ProgressBarBuilder().setTaskName(what).setInitialMax(distinct)
                .setUnit(" sent", 1).build() : null) {
            for (int b = 0; b < batches; b++) {
                List<String> batch = plan.get(b);
                float[][] emb = encoder.encode(batch);
                if (emb == null || emb.length != batch.size()) {
                    throw new IllegalStateException(what + ": encoder returned " + (emb == null ? "null" : emb.length
                            + " rows") + " for a batch of " + batch.size() + " sentences");
                }
                for (int i = 0; i < emb.length; i++) {
                    if (emb[i] == null || emb[i].length != dim) {
                        throw new IllegalStateException(what + ": encoder returned a row of width "
                                + (emb[i] == null ? "null" : emb[i].length) + " for '" + batch.get(i)
                                + "', expected its dimension() " + dim);
                    }
                    out.put(batch.get(i), emb[i]);
                }
                if (bar != null) {
                    bar.stepBy(batch.size());
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String summary = String.format(java.util.Locale.ROOT, "%s: encoded %d sentences in %.1f s (%.0f sentences/s)", what,
                distinct, seconds, distinct / Math.max(seconds, 1e-9));
        if (progress == EncodingProgress.SUMMARY) {
            LOG.info(summary);
        } else {
            LOG.debug(summary);
        }
        return out;
    }
}
