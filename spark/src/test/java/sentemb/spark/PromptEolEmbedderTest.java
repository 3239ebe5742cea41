package sentemb.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sentemb.api.EmbeddingModel;

/** The ML Transformer on local[2]: schema, order, options, persistence, errors. */
class PromptEolEmbedderTest {
    private static final List<String> SENTENCES = SparkFixtures.sentences(25);

    private static Dataset<Row> frame(int partitions) {
        StructType schema = new StructType().add("key", DataTypes.StringType).add("text", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < SENTENCES.size(); i++) {
            rows.add(RowFactory.create("k" + i, SENTENCES.get(i)));
        }
        var sc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(SparkFixtures.spark().sparkContext());
        return SparkFixtures.spark().createDataFrame(sc.parallelize(rows, partitions), schema);
    }

    @Test
    void appendsVectorsInInputOrderEqualToTheApi() throws IOException {
        Dataset<Row> in = frame(3);
        List<Row> inRows = in.collectAsList();
        PromptEolEmbedder e = new PromptEolEmbedder().setModelPath(SparkFixtures.tinyModel().toString())
                .setInputCol("text").setOutputCol("embedding").setBatchSize(4).setNormalize(true).setChunkSize(5);
        Dataset<Row> out = e.transform(in);
        assertEquals(List.of("key", "text", "embedding"), List.of(out.columns()));
        assertEquals(new ArrayType(DataTypes.FloatType, false), out.schema().apply("embedding").dataType());
        List<Row> rows = out.collectAsList();
        assertEquals(inRows.size(), rows.size());
        try (EmbeddingModel api = EmbeddingModel.load(SparkFixtures.tinyModel(), EmbeddingModel.Options.defaults().normalize(true))) {
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(inRows.get(i).getString(0), rows.get(i).getString(0), "input order kept");
                float[] expected = api.encode(rows.get(i).getString(1));
                float[] got = SparkEmbedJobTest.floats(rows.get(i).getList(2));
                SparkEmbedJobTest.assertClose(expected, got, "row " + i);
                double norm = 0;
                for (float x : got) {
                    norm += x * x;
                }
                assertEquals(1.0, norm, 1e-5, "normalised");
            }
        }
    }

    @Test
    void savedAndLoadedInsideAPipeline() throws IOException {
        SparkFixtures.spark(); // ML persistence uses the active session
        PromptEolEmbedder e = new PromptEolEmbedder().setModelPath(SparkFixtures.tinyModel().toString())
                .setInputCol("text").setOutputCol("vec").setBatchSize(3).setMaxLength(4).setCleanup(true).setDevice("cpu");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {e});
        Path dir = SparkFixtures.root().resolve("pipeline");
        pipeline.write().overwrite().save(dir.toString());
        Pipeline loaded = Pipeline.load(dir.toString());
        PromptEolEmbedder back = (PromptEolEmbedder) loaded.getStages()[0];
        assertEquals(e.uid(), back.uid());
        assertEquals(3, back.getBatchSize());
        assertEquals(4, back.getMaxLength());
        assertTrue(back.getCleanup());
        assertEquals("vec", back.getOutputCol());
        assertEquals(SparkFixtures.tinyModel().toString(), back.getModelPath());

        Dataset<Row> in = frame(2);
        PipelineModel fitted = loaded.fit(in);
        Path modelDir = SparkFixtures.root().resolve("pipeline-model");
        fitted.write().overwrite().save(modelDir.toString());
        List<Row> a = e.transform(in).collectAsList();
        List<Row> b = PipelineModel.load(modelDir.toString()).transform(in).collectAsList();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(SparkEmbedJobTest.floats(a.get(i).getList(2)), SparkEmbedJobTest.floats(b.get(i).getList(2)));
        }
        PromptEolEmbedder direct = PromptEolEmbedder.load(dir.resolve("stages").toFile().listFiles()[0].toString());
        assertEquals(3, direct.getBatchSize());
    }

    @Test
    void badSettingsAndRowsAreNamed() {
        Dataset<Row> in = frame(1);
        var noPath = assertThrows(IllegalArgumentException.class, () -> new PromptEolEmbedder().transform(in));
        assertTrue(noPath.getMessage().contains("modelPath is not set"), noPath.getMessage());
        PromptEolEmbedder e = new PromptEolEmbedder().setModelPath(SparkFixtures.tinyModel().toString());
        var noCol = assertThrows(IllegalArgumentException.class, () -> e.setInputCol("sentence").transform(in));
        assertTrue(noCol.getMessage().contains("input column 'sentence' not found"), noCol.getMessage());
        var notString = assertThrows(IllegalArgumentException.class, () -> e.setInputCol("n")
                .transform(SparkFixtures.spark().range(3).toDF("n")));
        assertTrue(notString.getMessage().contains("input column 'n' is bigint, expected string"), notString.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.setDevice("tpu"));
        assertThrows(IllegalArgumentException.class, () -> e.setBatchSize(0));

        StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType);
        Dataset<Row> withNull = SparkFixtures.spark().createDataFrame(
                List.of(RowFactory.create(1L, "fine"), RowFactory.create(2L, null)), schema).coalesce(1);
        var ex = assertThrows(SparkException.class, () -> e.setInputCol("text").transform(withNull).collectAsList());
        BadInputException bad = BadInputException.find(ex);
        assertTrue(bad != null, () -> "cause chain lacks BadInputException: " + ex);
        assertTrue(bad.getMessage().startsWith("PromptEolEmbedder: input column 'text' is null in row id 2 (partition 0, position 1)"),
                bad.getMessage());
    }
}
