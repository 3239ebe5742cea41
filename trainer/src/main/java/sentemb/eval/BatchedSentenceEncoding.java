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

    /** Embeddings of the distinct sentences, keyed by sentence text. */
    Map<String, float[]> encode(String what, List<String> sentences) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(sentences));
        unique.sort(Comparator.comparingInt(String::length)); // stable: ties keep first-seen order
        int batches = (unique.size() + batchSize - 1) / batchSize;
        LOG.debug("{}: encoding {} distinct sentences in {} batches of up to {}", what, unique.size(), batches, batchSize);
        Map<String, float[]> out = new HashMap<>(unique.size() * 2);
        int dim = encoder.dimension();
        long started = System.nanoTime();
        try (ProgressBar bar = progress == EncodingProgress.BAR ? new ProgressBarBuilder().setTaskName(what).setInitialMax(unique.size())
                .setUnit(" sent", 1).build() : null) {
            for (int b = 0; b < batches; b++) {
                List<String> batch = unique.subList(b * batchSize, Math.min(unique.size(), (b + 1) * batchSize));
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
                unique.size(), seconds, unique.size() / Math.max(seconds, 1e-9));
        if (progress == EncodingProgress.SUMMARY) {
            LOG.info(summary);
        } else {
            LOG.debug(summary);
        }
        return out;
    }
}
