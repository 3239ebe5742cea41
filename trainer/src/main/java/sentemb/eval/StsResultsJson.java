package sentemb.eval;

import sentemb.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes {@code results.json}. An undefined correlation (NaN) is written as JSON
 * {@code null} and read back as NaN, so the file stays standard JSON.
 */
public final class StsResultsJson {
    private StsResultsJson() {}

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(nanAsNull())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static String toJson(StsResults results) {
        try {
            return MAPPER.writeValueAsString(results) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise STS results", e);
        }
    }

    public static StsResults fromJson(String json) throws IOException {
        return MAPPER.readValue(json, StsResults.class);
    }

    /** Writes atomically (temp file + rename). */
    public static void write(Path file, StsResults results) throws IOException {
        AtomicFiles.writeString(file, toJson(results));
    }

    public static StsResults read(Path file) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), StsResults.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a valid " + StsResults.SCHEMA + " document: " + e.getMessage(), e);
        }
    }

    private static SimpleModule nanAsNull() {
        SimpleModule m = new SimpleModule("sts-nan-as-null");
        StdSerializer<Double> ser = new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
                if (v == null || !Double.isFinite(v)) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(v);
                }
            }
        };
        m.addSerializer(Double.class, ser);
        m.addSerializer(double.class, ser);
        m.addDeserializer(double.class, new StdDeserializer<>(Double.class) {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return p.getValueAsDouble(Double.NaN);
            }

            @Override
            public Double getNullValue(DeserializationContext ctxt) {
                return Double.NaN;
            }
        });
        return m;
    }
}
