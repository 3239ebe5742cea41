package sentemb.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The job's input as rows {@code (id long, text string)}, in input order. Text: UTF-8, one
 * sentence per line (as {@code sentemb embed} reads it: \n, \r\n or \r, a leading BOM dropped,
 * blank lines at the end ignored, a blank line between sentences an error); {@code id} is the
 * 0-based line. JSONL: one object per line with a string field (default {@code text}); {@code id}
 * is the 0-based line. Parquet: a string column; {@code id} is its {@code id} column when it has
 * an integral one, else the 0-based row. A malformed line or row is a {@link BadInputException}
 * naming it.
 */
final class SentenceInput {
    static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType, false);

    /** Input formats, by default from the file name. */
    enum Format {
        TEXT, JSONL, PARQUET;

        static Format of(String name, String path) {
            if (name != null) {
                try {
                    return valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--format " + name + ": expected text, jsonl or parquet");
                }
            }
            String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
            if (p.endsWith(".jsonl") || p.endsWith(".json")) {
                return JSONL;
            }
            return p.endsWith(".parquet") ? PARQUET : TEXT;
        }
    }

    private SentenceInput() {}

    static Dataset<Row> read(SparkSession spark, String path, Format format, String textCol, int minPartitions) {
        return format == Format.PARQUET ? parquet(spark, path, textCol) : lines(spark, path, format, textCol, minPartitions);
    }

    private static Dataset<Row> lines(SparkSession spark, String path, Format format, String textCol, int minPartitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int parts = minPartitions > 0 ? minPartitions : sc.defaultMinPartitions();
        // raw bytes per line, so that bytes that are not UTF-8 are an error, not U+FFFD
        JavaRDD<Tuple2<byte[], Long>> raw = sc.hadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, parts)
                .map(kv -> kv._2().copyBytes()).zipWithIndex().map(t -> new Tuple2<>(t._1(), (Long) t._2()));
        boolean jsonl = format == Format.JSONL;
        JavaRDD<Row> rows = raw.map(t -> {
            long line = t._2();
            String s = decode(path, line, t._1());
            if (line == 0 && s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            return RowFactory.create(line, s);
        });
        // one pass for the blank-line rule: blank lines only at the end
        long[] span = rows.aggregate(new long[] {-1, Long.MAX_VALUE}, (acc, r) -> {
            boolean blank = r.getString(1).isBlank();
            long id = r.getLong(0);
            return blank ? new long[] {acc[0], Math.min(acc[1], id)} : new long[] {Math.max(acc[0], id), acc[1]};
        }, (a, b) -> new long[] {Math.max(a[0], b[0]), Math.min(a[1], b[1])});
        long lastSentence = span[0];
        if (lastSentence < 0) {
            throw new BadInputException(path + " is empty: expected one " + (jsonl ? "JSON object" : "sentence") + " per line");
        }
        if (span[1] < lastSentence) {
            throw new BadInputException(path + ":" + (span[1] + 1) + ": blank line; expected one "
                    + (jsonl ? "JSON object" : "sentence") + " per line");
        }
        JavaRDD<Row> sentences = rows.filter(r -> r.getLong(0) <= lastSentence);
        if (jsonl) {
            sentences = sentences.map(r -> RowFactory.create(r.getLong(0), jsonText(path, r.getLong(0), r.getString(1), textCol)));
        }
        return spark.createDataFrame(sentences, SCHEMA);
    }

    private static String decode(String path, long line, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(path + ":" + (line + 1) + ": not valid UTF-8");
        }
    }

    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static String jsonText(String path, long line, String s, String textCol) {
        String where = path + ":" + (line + 1) + ": ";
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new BadInputException(where + "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (node == null || !node.isObject()) {
            throw new BadInputException(where + "expected a JSON object with a string field \"" + textCol + "\"");
        }
        JsonNode text = node.get(textCol);
        if (text == null || !text.isTextual()) {
            throw new BadInputException(where + "expected a string field \"" + textCol + "\", got "
                    + (text == null ? "none" : text.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return text.asText();
    }

    private static Dataset<Row> parquet(SparkSession spark, String path, String textCol) {
        Dataset<Row> df = spark.read().parquet(path);
        List<String> cols = Arrays.asList(df.columns());
        if (!cols.contains(textCol)) {
            throw new BadInputException(path + ": no column '" + textCol + "'; columns are " + cols);
        }
        DataType type = df.schema().apply(textCol).dataType();
        if (!type.equals(DataTypes.StringType)) {
            throw new BadInputException(path + ": column '" + textCol + "' is " + type.simpleString() + ", expected string");
        }
        Dataset<Row> rows;
        if (cols.contains("id") && isIntegral(df.schema().apply("id").dataType())) {
            rows = df.select(functions.col("id").cast(DataTypes.LongType).as("id"), functions.col(textCol).as("text"));
        } else {
            JavaRDD<Row> indexed = df.select(textCol).javaRDD().zipWithIndex().map(t -> RowFactory.create(t._2(), t._1().get(0)));
            rows = spark.createDataFrame(indexed, new StructType().add("id", DataTypes.LongType, false)
                    .add("text", DataTypes.StringType, true));
        }
        List<Row> bad = rows.filter(functions.col("text").isNull()).select("id").limit(1).collectAsList();
        if (!bad.isEmpty()) {
            throw new BadInputException(path + ": row id " + bad.get(0).get(0) + ": column '" + textCol + "' is null, expected a sentence");
        }
        return rows;
    }

    private static boolean isIntegral(DataType t) {
        return t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType);
    }
}
