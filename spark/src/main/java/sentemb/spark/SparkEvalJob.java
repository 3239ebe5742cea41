package sentemb.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import scala.Tuple2;
import sentemb.checkpoint.EmbeddingSpec;
import sentemb.data.sts.StsDataLoader;
import sentemb.data.sts.StsLoadResult;
import sentemb.data.sts.StsTask;
import sentemb.eval.PublishedRows;
import sentemb.eval.StsEvalOptions;
import sentemb.eval.StsEvaluation;
import sentemb.eval.StsEvaluator;
import sentemb.eval.StsReport;
import sentemb.eval.StsResults;
import sentemb.eval.StsTable;
import sentemb.eval.StsTaskRun;
import sentemb.text.Representation;

/**
 * {@code scripts/spark-embed eval}: STS evaluation with the encoding on Spark. The driver
 * loads the tasks and plans the encoder batches exactly as {@code sentemb eval} does
 * ({@link StsEvaluator#encoderBatches}); executors encode each batch as one call; the driver
 * then runs {@code sentemb eval}'s own evaluator over those vectors, so results.json,
 * predictions and the table are the single-process ones.
 */
@Command(name = "spark-embed eval", mixinStandardHelpOptions = true,
        description = "STS12-16, STS-B, SICK-R evaluation with the sentences encoded on Apache Spark; scores as `sentemb eval`.")
public final class SparkEvalJob implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[4] (default: as spark-submit sets it)")
    String master;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder, same path on every executor")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "SentEval's downstream folder, read on the driver")
    Path data;

    @Option(names = "--tasks", split = ",", paramLabel = "TASK",
            description = "STS12,STS13,STS14,STS15,STS16,STSBenchmark,SICKRelatedness (default: all STS tasks for the split)")
    List<String> tasks = List.of();

    @Option(names = "--split", defaultValue = "test", description = "test, or dev (STS-B dev) (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "where results.json, predictions/ and the table go")
    Path output;

    @Option(names = "--batch-size", defaultValue = "32", description = "sentences per forward pass (default ${DEFAULT-VALUE}, as sentemb eval)")
    int batchSize;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu|gpu:N", description = "as for spark-embed (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N", description = "batches are spread over N partitions (default: the cluster's parallelism)")
    int partitions;

    @Option(names = "--no-cleanup", description = "skip the reference's evaluation text clean-up (on by default, as in sentemb eval)")
    boolean noCleanup;

    @Option(names = "--label", description = "row label in the table (default: the model folder name)")
    String label;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out), new PrintWriter(System.err), args));
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return JobErrors.run(new SparkEvalJob(), out, err, args);
    }

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new BadInputException("--batch-size must be at least 1, got " + batchSize);
        }
        if (!Files.isDirectory(data)) {
            throw new BadInputException("--data " + data + " is not a directory (SentEval's downstream folder)");
        }
        if (!Files.isDirectory(Path.of(model))) {
            throw new BadInputException("--model " + model + " is not a model folder on this machine");
        }
        StsEvalOptions options = StsEvalOptions.of(tasks, split);
        StsDataLoader loader = new StsDataLoader(data);
        List<StsLoadResult> loaded = new ArrayList<>();
        List<Tuple2<Long, List<String>>> batches = new ArrayList<>();
        for (StsTask t : options.tasks()) {
            StsLoadResult r = loader.load(t, options.split());
            if (r instanceof StsLoadResult.Loaded l) {
                List<List<String>> plan = StsEvaluator.encoderBatches(l.dataset(), batchSize);
                for (int b = 0; b < plan.size(); b++) {
                    batches.add(new Tuple2<>(batchKey(loaded.size(), b), new ArrayList<>(plan.get(b))));
                }
            }
            loaded.add(r);
        }
        EmbeddingSpec embeddingSpec = EmbeddingSpec.read(Path.of(model));
        Representation rep = (embeddingSpec != null ? embeddingSpec.representation() : Representation.promptEol()).withCleanup(!noCleanup);
        SparkSession spark = SparkSessions.start("sentemb spark-embed eval", master);
        Map<Long, float[][]> vectors = new HashMap<>();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int slices = partitions > 0 ? partitions : sc.defaultParallelism();
            ModelKey key = new ModelKey(model, device, batchSize, false, 0, !noCleanup, batchSize);
            if (!batches.isEmpty()) {
                for (Tuple2<Long, float[][]> t : sc.parallelize(batches, slices).mapPartitions(new EvalBatches(key)).collect()) {
                    vectors.put(t._1(), t._2());
                }
            }
        } finally {
            SparkSessions.stop(spark, master);
        }
        List<StsTaskRun> runs = new ArrayList<>();
        for (int t = 0; t < loaded.size(); t++) {
            StsLoadResult r = loaded.get(t);
            ReplayEncoder replay = null;
            if (r instanceof StsLoadResult.Loaded l) {
                Map<String, float[]> byText = new HashMap<>();
                int dim = 0;
                List<List<String>> plan = StsEvaluator.encoderBatches(l.dataset(), batchSize);
                for (int b = 0; b < plan.size(); b++) {
                    float[][] v = vectors.get(batchKey(t, b));
                    for (int i = 0; i < v.length; i++) {
                        byText.put(plan.get(b).get(i), v[i]);
                        dim = v[i].length;
                    }
                }
                replay = new ReplayEncoder(byText, dim);
            }
            runs.add(new StsEvaluator(replay == null ? new ReplayEncoder(Map.of(), 0) : replay, batchSize, false).evaluate(r));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("model", Path.of(model).toAbsolutePath().toString());
        meta.put("template", rep.effectiveTemplate().referenceSyntax());
        meta.put("pooling", rep.pooling().name().toLowerCase());
        meta.put("cleanup", rep.cleanup());
        meta.put("encodedOn", "spark");
        String name = label != null ? label : Path.of(model).toAbsolutePath().normalize().getFileName().toString();
        StsResults results = StsReport.write(output, name, meta, new StsEvaluation(runs));
        PrintWriter out = spec.commandLine().getOut();
        out.println(StsTable.markdown(List.of(results), PublishedRows.load()));
        out.println("results: " + output.resolve(StsReport.RESULTS_FILE));
        return 0;
    }

    /** Task index and batch index in one key. */
    private static long batchKey(int task, int batch) {
        return ((long) task << 32) | batch;
    }
}
