package sentemb.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.data.sts.StsDataLoader;
import sentemb.data.sts.StsDataset;
import sentemb.data.sts.StsLoadResult;
import sentemb.data.sts.StsPair;
import sentemb.data.sts.StsSubset;

/**
 * SentEval-style unsupervised STS evaluation of a {@link SentenceEncoder}: cosine of the two
 * embeddings per pair, Spearman and Pearson against the gold scores. Tasks whose files are
 * absent are reported with status {@code missing}; malformed files throw.
 */
public final class StsEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(StsEvaluator.class);

    /** Sentences per {@link SentenceEncoder#encode} call unless told otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final BatchedSentenceEncoding encoding;
    private final EncodingProgress progress;

    /** Batches of {@value #DEFAULT_BATCH_SIZE}, a console progress bar when a terminal is attached. */
    public StsEvaluator(SentenceEncoder encoder) {
        this(encoder, DEFAULT_BATCH_SIZE, System.console() != null);
    }

    /**
     * @param batchSize   sentences handed to the encoder per call
     * @param progressBar true: a console progress bar per task; false: one summary line per task
     */
    public StsEvaluator(SentenceEncoder encoder, int batchSize, boolean progressBar) {
        this(encoder, batchSize, progressBar ? EncodingProgress.BAR : EncodingProgress.SUMMARY);
    }

    /** {@code progress} SILENT also turns the per-task score line into a debug line. */
    public StsEvaluator(SentenceEncoder encoder, int batchSize, EncodingProgress progress) {
        this.encoding = new BatchedSentenceEncoding(encoder, batchSize, progress);
        this.progress = progress;
    }

    /** Evaluates the selected tasks found under SentEval's {@code downstream} folder. */
    public StsEvaluation evaluate(Path downstreamDir, StsEvalOptions options) {
        StsDataLoader loader = new StsDataLoader(downstreamDir);
        List<StsTaskRun> runs = new ArrayList<>();
        for (var task : options.tasks()) {
            runs.add(evaluate(loader.load(task, options.split())));
        }
        return new StsEvaluation(runs);
    }

    /** Evaluates one loaded task, or records it as missing. */
    public StsTaskRun evaluate(StsLoadResult loaded) {
        if (loaded instanceof StsLoadResult.Missing m) {
            LOG.warn("{} ({}): missing, absent files: {}", m.task().taskName(), m.split().label(), m.missingFiles());
            List<String> files = m.missingFiles().stream().map(Path::toString).toList();
            return new StsTaskRun(StsTaskResult.missing(m.task().taskName(), m.split().label(), files), List.of());
        }
        return evaluate(((StsLoadResult.Loaded) loaded).dataset());
    }

    /**
     * The batches {@link #evaluate(StsDataset)} hands to its encoder, in order, for encoders
     * that run elsewhere (a cluster) and are then replayed: same batches, same vectors.
     */
    public static List<List<String>> encoderBatches(StsDataset data, int batchSize) {
        return BatchedSentenceEncoding.batches(sentences(data), batchSize);
    }

    /** Both sentences of every pair, in file order. */
    private static List<String> sentences(StsDataset data) {
        List<String> sentences = new ArrayList<>(2 * data.pairCount());
        for (StsSubset s : data.subsets()) {
            for (StsPair p : s.pairs()) {
                sentences.add(p.sentence1());
                sentences.add(p.sentence2());
            }
        }
        return sentences;
    }

    /** The file:line a sentence was first read from (each distinct sentence is encoded once). */
    private static String firstSource(StsDataset data, String sentence) {
        for (StsSubset s : data.subsets()) {
            for (StsPair p : s.pairs()) {
                if (p.sentence1().equals(sentence) || p.sentence2().equals(sentence)) {
                    return p.source().toString();
                }
            }
        }
        throw new IllegalStateException("the encoder refused a sentence that " + data.task().taskName() + " does not hold: " + sentence);
    }

    /** Encodes the dataset's sentences and scores every pair; a too-long sentence is named by file:line. */
    public StsTaskRun evaluate(StsDataset data) {
        String what = data.task().taskName() + " " + data.split().label();
        Map<String, float[]> embeddings;
        try {
            embeddings = encoding.encode(what, sentences(data));
        } catch (SentenceTooLongException e) {
            throw new IllegalArgumentException(firstSource(data, e.sentence()) + ": " + e.reason(), e);
        }
        StsTaskRun run = StsScoring.score(data, embeddings);
        StsTaskResult r = run.result();
        String line = String.format(java.util.Locale.ROOT, "%s: %d pairs, spearman %.4f pearson %.4f", what, r.pairs(),
                r.spearman(), r.pearson());
        if (progress == EncodingProgress.SILENT) {
            LOG.debug(line);
        } else {
            LOG.info(line);
        }
        return run;
    }
}
