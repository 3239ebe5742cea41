package sentemb.model.weights;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A model directory's decoder weights under their canonical names (the family's naming function),
 * read one tensor at a time with the shape checked before any data is read. A model
 * loader calls {@link #require} for every weight it builds, then can report
 * {@link #unused()} (weights it never asked for) and {@link #ignored()} (keys outside the
 * decoder, such as {@code lm_head.weight}).
 */
public final class NamedCheckpoint implements Closeable {

    private final CheckpointFiles files;
    private final Map<String, String> canonicalToFile;
    private final List<String> ignored;
    private final Set<String> requested = new LinkedHashSet<>();

    private NamedCheckpoint(CheckpointFiles files, Map<String, String> canonicalToFile, List<String> ignored) {
        this.files = files;
        this.canonicalToFile = canonicalToFile;
        this.ignored = ignored;
    }

    /**
     * Opens the weights of {@code modelDir} (any layout {@link CheckpointFiles} knows);
     * {@code canonical} maps a file key to its canonical name, empty for keys outside the decoder.
     */
    public static NamedCheckpoint open(Path modelDir, Function<String, Optional<String>> canonical) throws IOException {
        CheckpointFiles files = CheckpointFiles.open(modelDir);
        try {
            Map<String, String> map = new LinkedHashMap<>();
            List<String> ignored = new ArrayList<>();
            for (String name : files.names()) {
                Optional<String> c = canonical.apply(name);
                if (c.isEmpty()) {
                    ignored.add(name);
                    continue;
                }
                String prev = map.putIfAbsent(c.get(), name);
                if (prev != null) {
                    throw new WeightFormatException("weights of " + modelDir + " hold both '" + prev + "' and '"
                            + name + "' for weight '" + c.get() + "'");
                }
            }
            return new NamedCheckpoint(files, map, List.copyOf(ignored));
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
    }

    public CheckpointFiles files() {
        return files;
    }

    /** Canonical names present, in file order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(canonicalToFile.keySet());
    }

    public boolean has(String canonical) {
        return canonicalToFile.containsKey(canonical);
    }

    /** The key the file uses for {@code canonical}. */
    public String fileName(String canonical) {
        String n = canonicalToFile.get(canonical);
        if (n == null) {
            throw new WeightFormatException("weight '" + canonical + "' is missing from " + files.directory()
                    + " (" + String.join(", ", fileNames()) + ")");
        }
        return n;
    }

    public TensorInfo info(String canonical) {
        return files.info(fileName(canonical));
    }

    /**
     * Reads {@code canonical} after checking its shape is {@code expectedShape}; the returned
     * tensor carries the canonical name and its source file. Missing weight or wrong shape:
     * a {@link WeightFormatException} naming tensor, file and both shapes.
     */
    public HostTensor require(String canonical, long... expectedShape) throws IOException {
        String key = fileName(canonical);
        TensorInfo info = files.info(key);
        TensorShapes.expectShape(key, info.source(), info.shape(), expectedShape);
        requested.add(canonical);
        HostTensor t = files.read(key);
        return new HostTensor(canonical, t.shape(), t.data(), t.source());
    }

    /** Like {@link #require} when present; empty when the checkpoint has no such weight. */
    public Optional<HostTensor> optional(String canonical, long... expectedShape) throws IOException {
        return has(canonical) ? Optional.of(require(canonical, expectedShape)) : Optional.empty();
    }

    /** Decoder weights never passed to {@link #require} (a loader that expects none left can fail on these). */
    public List<String> unused() {
        List<String> out = new ArrayList<>(canonicalToFile.keySet());
        out.removeAll(requested);
        return out;
    }

    /** Checkpoint keys that are not decoder weights ({@code lm_head.weight}, task heads). */
    public List<String> ignored() {
        return ignored;
    }

    /** Every decoder weight, canonical name to tensor, in file order. */
    public Map<String, HostTensor> readAll() throws IOException {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String c : canonicalToFile.keySet()) {
            out.put(c, require(c, info(c).shape()));
        }
        return out;
    }

    private List<String> fileNames() {
        List<Path> ps = files.files();
        List<String> out = new ArrayList<>();
        for (Path p : ps) {
            out.add(p.getFileName().toString());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
