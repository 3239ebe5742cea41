package sentemb.eval.transfer;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.eval.SentenceEncoder;

/**
 * SentEval's transfer tasks (MR, CR, SUBJ, MPQA, SST2, TREC, MRPC) on a {@link SentenceEncoder}:
 * each task is loaded as SentEval loads it, embedded in SentEval's order, and classified by
 * logistic regression under SentEval's protocol for that task. A task whose files are absent
 * is reported as {@code missing}; a malformed file stops the run with a
 * {@link TransferDataException} naming file and line.
 *
 * <pre>{@code
 * TransferReport r = TransferEvaluator.run(encoder, Path.of("data/downstream"),
 *         List.of("transfer"), TransferMode.TEST, 1111);
 * System.out.println(TransferTable.markdown(r, "my model", PublishedTransferRows.load()));
 * }</pre>
 */
public final class TransferEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(TransferEvaluator.class);

    /** SentEval's default seed. */
    public static final long SENTEVAL_SEED = 1111;
    /** Sentences per encoder call (the reference script uses SentEval batch_size 16 / 32). */
    public static final int DEFAULT_EMBED_BATCH = 64;

    private final String modeName;
    private final ClassifierConfig config;
    private final int embedBatchSize;
    private final int classifierThreads;

    /**
     * An evaluator with one of the two reference settings, embedding 64 sentences per call and
     * fitting classifiers on as many threads as there are processors.
     */
    public TransferEvaluator(TransferMode mode) {
        this(mode.name().toLowerCase(Locale.ROOT), mode.config(), DEFAULT_EMBED_BATCH,
                Runtime.getRuntime().availableProcessors());
    }

    private TransferEvaluator(String modeName, ClassifierConfig config, int embedBatchSize, int classifierThreads) {
        this.modeName = modeName;
        this.config = config;
        this.embedBatchSize = embedBatchSize;
        this.classifierThreads = classifierThreads;
    }

    /** The same evaluator with other classifier settings (reported as mode "custom"). */
    public TransferEvaluator withClassifier(ClassifierConfig classifierConfig) {
        return new TransferEvaluator("custom", classifierConfig, embedBatchSize, classifierThreads);
    }

    /** The same evaluator passing {@code size} sentences per encoder call. */
    public TransferEvaluator withEmbedBatchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("embedding batch size must be >= 1, got " + size);
        }
        return new TransferEvaluator(modeName, config, size, classifierThreads);
    }

    /**
     * The same evaluator fitting up to {@code threads} independent classifiers at once (the
     * results do not depend on this number; each fit runs on one thread).
     */
    public TransferEvaluator withClassifierThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("classifier threads must be >= 1, got " + threads);
        }
        return new TransferEvaluator(modeName, config, embedBatchSize, threads);
    }

    /** Shorthand for {@code new TransferEvaluator(mode).run(encoder, dataDir, tasks, seed)}. */
    public static TransferReport run(SentenceEncoder encoder, Path dataDir, List<String> tasks, TransferMode mode,
                                     long seed) {
        return new TransferEvaluator(mode).run(encoder, dataDir, tasks, seed);
    }

    /**
     * Runs the tasks.
     *
     * @param dataDir SentEval's {@code data/downstream} folder (or its parent {@code data})
     * @param tasks task names, case-insensitive; {@code "transfer"} means all seven
     * @param seed classifier seed, 0 ≤ seed < 2^31 (SentEval: 1111); the cross-validation folds
     *     of MR/CR/SUBJ/MPQA use 1111 whatever this is, as in SentEval
     */
    public TransferReport run(SentenceEncoder encoder, Path dataDir, List<String> tasks, long seed) {
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seed must be between 0 and 2^31 - 1, got " + seed);
        }
        Path downstream = downstreamDir(dataDir);
        List<TransferTask> selected = TransferTask.parse(tasks);
        Embedder embedder = new Embedder(encoder, embedBatchSize);
        List<TransferTaskResult> results = new ArrayList<>();
        for (TransferTask task : selected) {
            List<String> missing = task.missingFiles(downstream);
            if (!missing.isEmpty()) {
                LOG.warn("{}: missing {} under {}; reported as missing", task, missing, downstream);
                results.add(TransferTaskResult.missing(task, missing));
                continue;
            }
            results.add(runTask(TransferDataLoader.load(downstream, task), embedder, seed));
        }
        return new TransferReport(modeName, seed, config, encoder.dimension(), results,
                TransferReport.averageOfAllSeven(results));
    }

    private TransferTaskResult runTask(TaskData data, Embedder embedder, long seed) {
        if (data instanceof TaskData.CrossValidation cv) {
            return crossValidation(cv, embedder, seed);
        } else if (data instanceof TaskData.TrainDevTest s) {
            return trainDevTest(s, embedder, seed);
        } else if (data instanceof TaskData.TrainTest s) {
            return trainTest(s, embedder, seed);
        } else if (data instanceof TaskData.PairTrainTest p) {
            return pairTrainTest(p, embedder, seed);
        }
        throw new IllegalStateException("unhandled task data " + data.getClass());
    }

    private TransferTaskResult crossValidation(TaskData.CrossValidation cv, Embedder embedder, long seed) {
        String name = cv.task().name();
        int d = embedder.dimension();
        long t0 = System.nanoTime();
        FeatureMatrix x = array(embedder.embed(name, cv.all().sentences()), cv.all().size(), d);
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        ProtocolResult r = InnerKFoldProtocol.run(name, x, cv.all().labels(), runner(cv.task(), d, seed));
        return ok(cv.task(), "inner-kfold", r, null, Map.of("all", cv.all().size()), t0, t1, cpu1);
    }

    private TransferTaskResult trainDevTest(TaskData.TrainDevTest s, Embedder embedder, long seed) {
        String name = s.task().name();
        int d = embedder.dimension();
        long t0 = System.nanoTime();
        FeatureMatrix tr = array(embedder.embed(name + " train", s.train().sentences()), s.train().size(), d);
        FeatureMatrix dv = array(embedder.embed(name + " dev", s.dev().sentences()), s.dev().size(), d);
        FeatureMatrix te = array(embedder.embed(name + " test", s.test().sentences()), s.test().size(), d);
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        ProtocolResult r = SplitProtocol.run(name, tr, s.train().labels(), dv, s.dev().labels(), te, s.test().labels(),
                runner(s.task(), d, seed));
        return ok(s.task(), "train-dev-test", r, null, counts(s.train().size(), s.dev().size(), s.test().size()),
                t0, t1, cpu1);
    }

    private TransferTaskResult trainTest(TaskData.TrainTest s, Embedder embedder, long seed) {
        String name = s.task().name();
        int d = embedder.dimension();
        long t0 = System.nanoTime();
        FeatureMatrix tr = array(embedder.embed(name + " train", s.train().sentences()), s.train().size(), d);
        FeatureMatrix te = array(embedder.embed(name + " test", s.test().sentences()), s.test().size(), d);
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        ProtocolResult r = KFoldProtocol.run(name, tr, s.train().labels(), te, s.test().labels(),
                runner(s.task(), d, seed), seed);
        return ok(s.task(), "kfold-train-test", r, null, counts(s.train().size(), null, s.test().size()), t0, t1,
                cpu1);
    }

    private TransferTaskResult pairTrainTest(TaskData.PairTrainTest p, Embedder embedder, long seed) {
        String name = p.task().name();
        int d = embedder.dimension();
        long t0 = System.nanoTime();
        FeatureMatrix tr = pairs(embedder, name + " train", p.train(), d);
        FeatureMatrix te = pairs(embedder, name + " test", p.test(), d);
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        ProtocolResult r = KFoldProtocol.run(name, tr, p.train().labels(), te, p.test().labels(),
                runner(p.task(), 2 * d, seed), seed);
        double f1 = BinaryF1.percent(r.testPredictions(), p.test().labels());
        return ok(p.task(), "kfold-train-test", r, f1, counts(p.train().size(), null, p.test().size()), t0,
                t1, cpu1);
    }

    private FitRunner runner(TransferTask task, int featureDim, long seed) {
        return new FitRunner(config, featureDim, task.numClasses(), seed, InitialWeights.torchLikeUniform(seed),
                classifierThreads);
    }

    private static FeatureMatrix pairs(Embedder embedder, String what, SentencePairs pairs, int d) {
        float[] u = embedder.embed(what + " (first)", pairs.first());
        float[] v = embedder.embed(what + " (second)", pairs.second());
        return array(PairFeatures.build(u, v, pairs.size(), d), pairs.size(), 2 * d);
    }

    private static FeatureMatrix array(float[] rowMajor, int n, int d) {
        return new FeatureMatrix(rowMajor, n, d);
    }

    private static Map<String, Integer> counts(Integer train, Integer dev, Integer test) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("train", train);
        if (dev != null) {
            m.put("dev", dev);
        }
        m.put("test", test);
        return m;
    }

    private static TransferTaskResult ok(TransferTask task, String protocol, ProtocolResult r, Double f1,
                                         Map<String, Integer> counts, long t0, long t1, long cpu1) {
        long t2 = System.nanoTime();
        double classifierCpu = (processCpuNanos() - cpu1) / 1e9;
        TransferTaskResult result = new TransferTaskResult(task.name(), TransferTaskResult.Status.OK, null, protocol,
                r.devAccuracy(), r.testAccuracy(), f1, counts, r.selectedL2(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        LOG.info("{}: dev {} test {}{} ({} s embedding, {} s classifier, {} CPU s)", task, r.devAccuracy(),
                r.testAccuracy(), f1 == null ? "" : " F1 " + f1, String.format(Locale.ROOT, "%.1f", result.embedSeconds()),
                String.format(Locale.ROOT, "%.1f", result.classifierSeconds()),
                String.format(Locale.ROOT, "%.1f", classifierCpu));
        return result;
    }

    /** CPU time of the whole process so far (all threads), or -1 where the JVM does not say. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The downstream folder itself, or {@code data/downstream} when given SentEval's {@code data}. */
    static Path downstreamDir(Path dataDir) {
        Path nested = dataDir.resolve("downstream");
        if (Files.isDirectory(nested)) {
            LOG.info("using {} as SentEval's downstream folder", nested);
            return nested;
        }
        return dataDir;
    }
}
