package sentemb.spark;

import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * A Spark ML {@link Transformer} that appends a PromptEOL sentence embedding
 * ({@code array<float>}) to every row, in input order:
 *
 * <pre>{@code
 * Dataset<Row> out = new PromptEolEmbedder().setModelPath("/models/opt-1.3b-cse")
 *         .setInputCol("text").setOutputCol("embedding").transform(df);
 * }</pre>
 *
 * <p>Each executor JVM loads the model once (a static cache keyed by folder, device and the
 * settings below) and every partition it runs reuses it. Inside a partition, rows are taken
 * in chunks of {@code chunkSize}; a chunk's sentences are sorted by token length into batches
 * of {@code batchSize}, as {@code sentemb embed} does, and the vectors go back to their rows.
 * The model folder must be readable at the same path on every executor (a shared file system,
 * or the same image everywhere).
 *
 * <p>Saved and loaded with ML persistence ({@code write().save(path)}, {@link #load(String)},
 * or inside a {@code Pipeline}); what is saved is the settings, not the weights.
 */
public final class PromptEolEmbedder extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final IntParam batchSize;
    private final Param<String> device;
    private final BooleanParam normalize;
    private final IntParam maxLength;
    private final BooleanParam cleanup;
    private final IntParam chunkSize;
    private transient CollectionAccumulator<PartitionStats> stats;

    public PromptEolEmbedder() {
        this(Identifiable$.MODULE$.randomUID("promptEolEmbedder"));
    }

    /** For ML persistence, which re-creates a stage from its uid. */
    public PromptEolEmbedder(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "model folder (config.json, weights, tokenizer files, sentemb.json)");
        inputCol = new Param<>(this, "inputCol", "input column of sentences (string)");
        outputCol = new Param<>(this, "outputCol", "output column of embeddings (array<float>)");
        batchSize = new IntParam(this, "batchSize", "sentences per forward pass", ParamValidators.gtEq(1));
        device = new Param<>(this, "device", "cpu, gpu:N, or gpu (the GPU Spark's resource scheduling gives each task)",
                (scala.Function1<String, Object>) PromptEolEmbedder::isDevice);
        normalize = new BooleanParam(this, "normalize", "divide every vector by its L2 norm");
        maxLength = new IntParam(this, "maxLength", "cut each sentence to this many tokens before templating (0: no cut)",
                ParamValidators.gtEq(0));
        cleanup = new BooleanParam(this, "cleanup", "apply the reference's evaluation text clean-up (as sentemb eval does)");
        chunkSize = new IntParam(this, "chunkSize", "rows sorted into batches together within a partition",
                ParamValidators.gtEq(1));
        setDefault(inputCol, "text");
        setDefault(outputCol, "embedding");
        setDefault(batchSize, 32);
        setDefault(device, "cpu");
        setDefault(normalize, false);
        setDefault(maxLength, 0);
        setDefault(cleanup, false);
        setDefault(chunkSize, 4096);
    }

    private static Object isDevice(String d) {
        return d.equals("cpu") || d.equals("gpu") || d.matches("gpu:\\d{1,3}");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelPath() {
        return modelPath;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public Param<String> device() {
        return device;
    }

    public BooleanParam normalize() {
        return normalize;
    }

    public IntParam maxLength() {
        return maxLength;
    }

    public BooleanParam cleanup() {
        return cleanup;
    }

    public IntParam chunkSize() {
        return chunkSize;
    }

    public PromptEolEmbedder setModelPath(String value) {
        set(modelPath, value);
        return this;
    }

    public PromptEolEmbedder setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    public PromptEolEmbedder setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    public PromptEolEmbedder setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public PromptEolEmbedder setDevice(String value) {
        set(device, value);
        return this;
    }

    public PromptEolEmbedder setNormalize(boolean value) {
        set(normalize, value);
        return this;
    }

    public PromptEolEmbedder setMaxLength(int value) {
        set(maxLength, value);
        return this;
    }

    public PromptEolEmbedder setCleanup(boolean value) {
        set(cleanup, value);
        return this;
    }

    public PromptEolEmbedder setChunkSize(int value) {
        set(chunkSize, value);
        return this;
    }

    public String getModelPath() {
        return $(modelPath);
    }

    public String getInputCol() {
        return $(inputCol);
    }

    public String getOutputCol() {
        return $(outputCol);
    }

    public int getBatchSize() {
        return (Integer) $(batchSize);
    }

    public String getDevice() {
        return $(device);
    }

    public boolean getNormalize() {
        return (Boolean) $(normalize);
    }

    public int getMaxLength() {
        return (Integer) $(maxLength);
    }

    public boolean getCleanup() {
        return (Boolean) $(cleanup);
    }

    public int getChunkSize() {
        return (Integer) $(chunkSize);
    }

    /** Per-partition numbers of the next transforms go to {@code acc} (the scale benchmark); null for none. */
    PromptEolEmbedder collectStats(CollectionAccumulator<PartitionStats> acc) {
        this.stats = acc;
        return this;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        ModelKey key = new ModelKey(getModelPath(), getDevice(), getBatchSize(), getNormalize(), getMaxLength(), getCleanup(),
                getChunkSize());
        EmbedPartition embed = new EmbedPartition(key, getInputCol(), dataset.schema().fieldIndex(getInputCol()), stats);
        return dataset.toDF().mapPartitions(embed, Encoders.row(out));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException("PromptEolEmbedder: modelPath is not set (the exported model folder)");
        }
        String in = getInputCol();
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("PromptEolEmbedder: input column '" + in + "' not found; columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        if (!schema.apply(in).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("PromptEolEmbedder: input column '" + in + "' is " + schema.apply(in).dataType()
                    .simpleString() + ", expected string");
        }
        if (Arrays.asList(schema.fieldNames()).contains(getOutputCol())) {
            throw new IllegalArgumentException("PromptEolEmbedder: output column '" + getOutputCol() + "' already exists");
        }
        return schema.add(new StructField(getOutputCol(), DataTypes.createArrayType(DataTypes.FloatType, false), false,
                org.apache.spark.sql.types.Metadata.empty()));
    }

    @Override
    public PromptEolEmbedder copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<PromptEolEmbedder> read() {
        return new DefaultParamsReader<>();
    }

    public static PromptEolEmbedder load(String path) {
        return read().load(path);
    }
}
