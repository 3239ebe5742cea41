package sentemb.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.CollectionAccumulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scripts/spark-embed}: embeds a text, JSONL or Parquet file on Spark and writes rows
 * {@code (id, embedding)} as Parquet, or JSONL when the output ends in .jsonl. Also the main
 * class for {@code spark-submit}.
 */
@Command(name = "spark-embed", mixinStandardHelpOptions = true,
        description = {"Embed a corpus on Apache Spark: one row (id, embedding) per input sentence.",
            "Input: text (one sentence per line; id = 0-based line), JSONL (one object per line with a text field;",
            "id = 0-based line) or Parquet (a text column; id = its id column, else the 0-based row).",
            "Output: a Parquet folder, or JSONL part files when OUT ends in .jsonl."})
public final class SparkEmbedJob implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[4] (default: as spark-submit sets it)")
    String master;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder (an export of sentemb), same path on every executor")
    String model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "text, .jsonl or .parquet (local path or any Hadoop URI)")
    String input;

    @Option(names = "--output", required = true, paramLabel = "OUT", description = "output folder; Parquet, or JSONL when it ends in .jsonl; must not exist")
    String output;

    @Option(names = "--format", paramLabel = "text|jsonl|parquet", description = "input format (default: from the file name; otherwise text)")
    String format;

    @Option(names = "--text-col", defaultValue = "text", paramLabel = "NAME", description = "JSONL field / Parquet column of the sentences (default ${DEFAULT-VALUE})")
    String textCol;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "split the input into N partitions by id, keeping input order (default: as read)")
    int partitions;

    @Option(names = "--batch-size", defaultValue = "32", description = "sentences per forward pass (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu|gpu:N",
            description = "cpu, gpu:N, or gpu = the GPU Spark assigns each task (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--normalize", description = "divide every vector by its L2 norm")
    boolean normalize;

    @Option(names = "--max-length", defaultValue = "0", paramLabel = "N", description = "cut each sentence to N tokens before templating (default: no cut)")
    int maxLength;

    @Option(names = "--cleanup", description = "apply the reference's evaluation text clean-up (off by default, as in sentemb embed)")
    boolean cleanup;

    @Option(names = "--stats", paramLabel = "FILE", description = "write the run's numbers (rows/s, model loads, peak memory per executor, per-partition times) as JSON")
    Path stats;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out), new PrintWriter(System.err), args));
    }

    /** Runs the job in this JVM and returns the exit code (0, 2 bad input, 1 failure). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return JobErrors.run(new SparkEmbedJob(), out, err, args);
    }

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new BadInputException("--batch-size must be at least 1, got " + batchSize);
        }
        if (maxLength < 0 || partitions < 0) {
            throw new BadInputException("--max-length and --partitions must not be negative");
        }
        SentenceInput.Format fmt = SentenceInput.Format.of(format, input);
        if (!input.contains("://") && !Files.exists(Path.of(input))) {
            throw new BadInputException("--input " + input + " does not exist");
        }
        if (!Files.isDirectory(Path.of(model))) {
            throw new BadInputException("--model " + model + " is not a model folder on this machine");
        }
        SparkSession spark = SparkSessions.start("sentemb spark-embed", master);
        try {
            JobOutput out = new JobOutput(output, spark.sparkContext().hadoopConfiguration());
            out.requireAbsent();
            Dataset<Row> rows = SentenceInput.read(spark, input, fmt, textCol, partitions);
            if (partitions > 0) {
                rows = rows.repartitionByRange(partitions, functions.col("id")).sortWithinPartitions("id");
            }
            CollectionAccumulator<PartitionStats> acc = stats == null ? null : spark.sparkContext().collectionAccumulator("sentemb partitions");
            PromptEolEmbedder embedder = new PromptEolEmbedder().setModelPath(model).setInputCol("text").setOutputCol("embedding")
                    .setBatchSize(batchSize).setDevice(device).setNormalize(normalize).setMaxLength(maxLength).setCleanup(cleanup)
                    .collectStats(acc);
            long start = System.nanoTime();
            out.write(embedder.transform(rows).select("id", "embedding"));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (acc != null) {
                writeStats(acc.value(), seconds);
            }
            spec.commandLine().getErr().println("spark-embed: wrote " + output + " in " + String.format("%.1f", seconds) + " s");
            return 0;
        } finally {
            SparkSessions.stop(spark, master);
        }
    }

    private void writeStats(List<PartitionStats> parts, double seconds) throws java.io.IOException {
        long rows = parts.stream().mapToLong(PartitionStats::rows).sum();
        Map<String, Long> peakPerExecutor = new TreeMap<>();
        for (PartitionStats p : parts) {
            peakPerExecutor.merge(p.executor(), p.peakRssKb(), Math::max);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rows", rows);
        s.put("partitions", parts.size());
        s.put("embedAndWriteSeconds", seconds);
        s.put("sentencesPerSecond", rows / seconds);
        s.put("modelLoads", parts.stream().filter(PartitionStats::loadedModel).count());
        s.put("executors", peakPerExecutor.size());
        s.put("peakRssMbPerExecutor", peakPerExecutor.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / 1024.0, (a, b) -> a, TreeMap::new)));
        s.put("partitionSeconds", parts.stream().sorted(java.util.Comparator.comparingInt(PartitionStats::partition))
                .map(p -> Map.of("partition", p.partition(), "rows", p.rows(), "seconds", p.seconds(),
                        "firstVectorSeconds", p.firstVectorSeconds())).toList());
        Files.writeString(stats, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s));
    }
}
