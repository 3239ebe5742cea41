package sentemb.checkpoint;

import sentemb.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The list of a checkpoint's files with their sizes and CRC32C checksums, written last. A
 * directory without it was interrupted while saving; a file whose size or checksum differs
 * was damaged afterwards. Either way the checkpoint is refused.
 */
public record Manifest(int format, Map<String, Entry> files) {
    public static final String FILE = "manifest.json";
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Entry(long bytes, String crc32c) {}

    /** Describes every regular file in {@code dir} (except the manifest itself). */
    static Manifest describe(Path dir) throws IOException {
        Map<String, Entry> files = new TreeMap<>();
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && !name.equals(FILE)) {
                    files.put(name, new Entry(Files.size(p), crc(p)));
                }
            }
        }
        return new Manifest(FORMAT, files);
    }

    void write(Path dir) throws IOException {
        AtomicFiles.writeBytes(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    /** Checks that {@code dir} holds a complete, undamaged checkpoint; throws naming the problem. */
    public static Manifest verify(Path dir) {
        Path m = dir.resolve(FILE);
        if (!Files.isRegularFile(m)) {
            throw new CorruptCheckpointException(dir + " is not a complete checkpoint: " + FILE
                    + " is missing (the save was interrupted, or this is not a checkpoint directory)");
        }
        Manifest manifest;
        try {
            manifest = JSON.readValue(m.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new CorruptCheckpointException(m + " is unreadable: " + e.getMessage());
        }
        if (manifest.format() != FORMAT) {
            throw new CorruptCheckpointException(m + ": unsupported checkpoint format " + manifest.format());
        }
        for (var e : manifest.files().entrySet()) {
            Path f = dir.resolve(e.getKey());
            try {
                if (!Files.isRegularFile(f)) {
                    throw new CorruptCheckpointException("checkpoint " + dir + ": file " + e.getKey() + " is missing");
                }
                long size = Files.size(f);
                if (size != e.getValue().bytes()) {
                    throw new CorruptCheckpointException("checkpoint " + dir + ": " + e.getKey() + " has " + size
                            + " bytes, the manifest says " + e.getValue().bytes());
                }
                String crc = crc(f);
                if (!crc.equals(e.getValue().crc32c())) {
                    throw new CorruptCheckpointException("checkpoint " + dir + ": " + e.getKey()
                            + " is damaged (CRC32C " + crc + ", the manifest says " + e.getValue().crc32c() + ")");
                }
            } catch (IOException ex) {
                throw new CorruptCheckpointException("checkpoint " + dir + ": cannot read " + e.getKey() + ": " + ex.getMessage());
            }
        }
        return manifest;
    }

    static String crc(Path p) throws IOException {
        CRC32C c = new CRC32C();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                c.update(buf, 0, n);
            }
        }
        return String.format("%08x", c.getValue());
    }
}
