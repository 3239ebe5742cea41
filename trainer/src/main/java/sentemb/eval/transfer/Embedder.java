package sentemb.eval.transfer;

import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.eval.SentenceEncoder;

/**
 * Runs the encoder over a task's sentences in chunks (SentEval's {@code batch_size}), in the
 * order given, into one row-major float array, with a progress bar routed to the log.
 */
final class Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);

    private final SentenceEncoder encoder;
    private final int chunkSize;

    Embedder(SentenceEncoder encoder, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("embedding batch size must be >= 1, got " + chunkSize);
        }
        this.encoder = encoder;
        this.chunkSize = chunkSize;
    }

    int dimension() {
        return encoder.dimension();
    }

    /** Row i of the (n, dimension) result, flattened, is the embedding of sentences.get(i). */
    float[] embed(String what, List<String> sentences) {
        int n = sentences.size();
        int d = encoder.dimension();
        float[] out = new float[Math.multiplyExact(n, d)];
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(what)
                .setStyle(ProgressBarStyle.ASCII)
                .setInitialMax(n)
                .setUpdateIntervalMillis(10_000)
                .setConsumer(new DelegatingProgressBarConsumer(LOG::info))
                .build()) {
            for (int start = 0; start < n; start += chunkSize) {
                int end = Math.min(n, start + chunkSize);
                float[][] rows = encoder.encode(sentences.subList(start, end));
                if (rows == null || rows.length != end - start) {
                    throw new IllegalStateException(what + ": encoder returned " + (rows == null ? "null" : rows.length)
                            + " rows for " + (end - start) + " sentences");
                }
                for (int i = 0; i < rows.length; i++) {
                    float[] row = rows[i];
                    if (row == null || row.length != d) {
                        throw new IllegalStateException(what + ": embedding of sentence " + (start + i) + " has "
                                + (row == null ? "no" : row.length) + " values, expected " + d);
                    }
                    for (int j = 0; j < d; j++) {
                        if (!Float.isFinite(row[j])) {
                            throw new IllegalStateException(what + ": embedding of sentence " + (start + i)
                                    + " has a non-finite value at " + j + ": '" + sentences.get(start + i) + "'");
                        }
                    }
                    System.arraycopy(row, 0, out, (start + i) * d, d);
                }
                bar.stepBy(end - start);
            }
        }
        return out;
    }
}
