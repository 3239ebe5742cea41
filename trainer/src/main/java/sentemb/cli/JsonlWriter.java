package sentemb.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code {"text": ..., "embedding": [...]}} per line, streamed. */
final class JsonlWriter implements EmbeddingWriter {
    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    private final OutputStream out;
    private final Path tmp;
    private final Path target;
    private boolean finished;

    private JsonlWriter(OutputStream out, Path tmp, Path target) {
        this.out = out;
        this.tmp = tmp;
        this.target = target;
    }

    static JsonlWriter toFile(Path target) throws IOException {
        Path tmp = EmbeddingWriter.tempFileFor(target);
        return new JsonlWriter(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), tmp, target);
    }

    static JsonlWriter toStream(OutputStream stdout) {
        return new JsonlWriter(new BufferedOutputStream(stdout, 1 << 16), null, null);
    }

    @Override
    public void write(String text, float[] vector) throws IOException {
        var row = new java.util.LinkedHashMap<String, Object>();
        row.put("text", text);
        row.put("embedding", vector);
        JSON.writeValue(out, row);
        out.write('\n');
    }

    @Override
    public void finish() throws IOException {
        out.flush();
        if (tmp != null) {
            out.close();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (tmp != null) {
            out.close();
            if (!finished) {
                Files.deleteIfExists(tmp);
            }
        } else {
            out.flush();
        }
    }
}
