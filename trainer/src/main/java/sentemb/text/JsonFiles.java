package sentemb.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON files of a tokenizer directory, naming the file in every error. */
final class JsonFiles {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFiles() {}

    /** Parses {@code file}; malformed JSON becomes an {@link IllegalArgumentException} naming it. */
    static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("malformed JSON in " + file + ": the file is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new IllegalArgumentException("malformed JSON in " + file + ": " + e.getOriginalMessage() + where, e);
        }
    }

    /** {@link #read} that also requires a JSON object at the top level. */
    static JsonNode readObject(Path file) {
        JsonNode node = read(file);
        if (!node.isObject()) {
            throw new IllegalArgumentException("malformed " + file + ": expected a JSON object at the top level, found "
                    + node.getNodeType());
        }
        return node;
    }
}
