package sentemb.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a Hugging Face {@code config.json}, with errors that name the file, line and key. */
public final class ConfigJson {
    public static final String FILE = "config.json";

    private ConfigJson() {}

    /** The JSON object in {@code modelDir/config.json}. */
    public static JsonNode read(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no config.json in model directory " + modelDir);
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(file + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object (an empty file or a bare value is not a config)");
        }
        return n;
    }

    /** A required integer key. */
    public static int requireInt(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(file + ": missing or non-numeric \"" + key + "\"");
        }
        return v.asInt();
    }

    /** An optional integer key ({@code fallback} when absent or null). */
    public static int optionalInt(JsonNode n, String key, int fallback, Path file) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(file + ": \"" + key + "\" must be an integer, found " + v);
        }
        return v.asInt();
    }

    /** An optional number key ({@code fallback} when absent or null). */
    public static double optionalNumber(JsonNode n, String key, double fallback, Path file) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(file + ": \"" + key + "\" must be a number, found " + v);
        }
        return v.asDouble();
    }
}
