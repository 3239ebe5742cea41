package sentemb.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import scala.Option;
import sentemb.api.EmbeddingModel;

/**
 * Embeds one partition: rows are read in chunks of {@code chunkSize}, each chunk's sentences
 * are sorted by token length into batches by {@link EmbeddingModel#encode(List)} (the CLI's
 * batching), and every row comes back in input order with its vector appended. The model is
 * the JVM's cached one ({@link ModelCache}), so a partition costs no model load after the first.
 */
final class EmbedPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelKey key;
    private final String inputCol;
    private final int inputIndex;
    private final CollectionAccumulator<PartitionStats> stats;

    EmbedPartition(ModelKey key, String inputCol, int inputIndex, CollectionAccumulator<PartitionStats> stats) {
        this.key = key;
        this.inputCol = inputCol;
        this.inputIndex = inputIndex;
        this.stats = stats;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        long start = System.nanoTime();
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        ModelCache.Lease lease = ModelCache.get(key.device().equals("gpu") ? key.onDevice(taskGpu(task)) : key);
        EmbeddingModel model = lease.model();
        int chunkSize = key.chunkSize();
        return new Iterator<>() {
            private final List<Row> rows = new ArrayList<>();
            private float[][] vectors = new float[0][];
            private int next;
            private long position;
            private double firstVector = -1;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next < rows.size()) {
                    return true;
                }
                if (done) {
                    return false;
                }
                rows.clear();
                List<String> texts = new ArrayList<>(chunkSize);
                while (rows.size() < chunkSize && input.hasNext()) {
                    Row r = input.next();
                    Object text = r.get(inputIndex);
                    if (!(text instanceof String s)) {
                        throw new BadInputException("PromptEolEmbedder: input column '" + inputCol + "' is "
                                + (text == null ? "null" : "not a string") + " in " + describe(r) + " (partition " + partition
                                + ", position " + (position + rows.size()) + ")");
                    }
                    rows.add(r);
                    texts.add(s);
                }
                next = 0;
                if (rows.isEmpty()) {
                    done = true;
                    report();
                    return false;
                }
                vectors = model.encode(texts);
                if (firstVector < 0) {
                    firstVector = (System.nanoTime() - start) / 1e9;
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = rows.get(next);
                Object[] values = new Object[r.length() + 1];
                for (int i = 0; i < r.length(); i++) {
                    values[i] = r.get(i);
                }
                values[r.length()] = vectors[next];
                vectors[next++] = null;
                position++;
                return RowFactory.create(values);
            }

            private void report() {
                if (stats != null) {
                    stats.add(new PartitionStats(SparkEnv.get() == null ? "?" : SparkEnv.get().executorId(), partition, position,
                            (System.nanoTime() - start) / 1e9, firstVector, PartitionStats.currentPeakRssKb(), lease.loadedNow()));
                }
            }
        };
    }

    /** The row's {@code id} when it has one, else its values (cut to 200 characters). */
    static String describe(Row r) {
        if (r.schema() != null && java.util.Arrays.asList(r.schema().fieldNames()).contains("id")) {
            return "row id " + r.get(r.fieldIndex("id"));
        }
        String s = r.toString();
        return "row " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }

    /** {@code gpu:N}, N the GPU Spark's resource scheduling gave this task. Not run here: no GPU. */
    static String taskGpu(TaskContext task) {
        Option<ResourceInformation> gpu = task == null ? Option.empty() : task.resources().get("gpu");
        if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
            throw new IllegalStateException("device gpu: Spark assigned this task no GPU (set spark.executor.resource.gpu.amount=1"
                    + " and spark.task.resource.gpu.amount, and a GPU discovery script)");
        }
        return "gpu:" + gpu.get().addresses()[0];
    }
}
