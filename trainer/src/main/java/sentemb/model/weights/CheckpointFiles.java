package sentemb.model.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Hugging Face model directory, whatever their layout. Looked for, in this
 * order (safetensors preferred, as transformers does):
 * {@code model.safetensors}, {@code model.safetensors.index.json} (sharded),
 * {@code pytorch_model.bin}, {@code pytorch_model.bin.index.json} (sharded). A sharded index
 * is {@code {"metadata": {...}, "weight_map": {tensor name: shard file}}}; every shard it
 * names must exist and must hold the tensors mapped to it. Names keep the file's spelling
 * (see {@link NamedCheckpoint} for canonical names); tensors are read one at a time.
 */
public final class CheckpointFiles implements TensorFile {

    /** The file layouts, in order of preference. */
    public enum Layout {
        SAFETENSORS("model.safetensors"),
        SHARDED_SAFETENSORS("model.safetensors.index.json"),
        TORCH_BIN("pytorch_model.bin"),
        SHARDED_TORCH_BIN("pytorch_model.bin.index.json");

        private final String fileName;

        Layout(String fileName) {
            this.fileName = fileName;
        }

        /** The file that marks this layout in a model directory. */
        public String fileName() {
            return fileName;
        }

        boolean safetensors() {
            return this == SAFETENSORS || this == SHARDED_SAFETENSORS;
        }

        boolean sharded() {
            return this == SHARDED_SAFETENSORS || this == SHARDED_TORCH_BIN;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Layout layout;
    private final List<TensorFile> files;
    private final Map<String, TensorFile> owner;

    private CheckpointFiles(Path dir, Layout layout, List<TensorFile> files, Map<String, TensorFile> owner) {
        this.dir = dir;
        this.layout = layout;
        this.files = files;
        this.owner = owner;
    }

    /** Finds and opens the weights of {@code modelDir}; the caller closes the result. */
    public static CheckpointFiles open(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            throw new WeightFormatException("model directory " + modelDir + " does not exist");
        }
        for (Layout l : Layout.values()) {
            Path p = modelDir.resolve(l.fileName());
            if (Files.isRegularFile(p)) {
                return l.sharded() ? openSharded(modelDir, l, p) : openSingle(modelDir, l, p);
            }
        }
        List<String> looked = new ArrayList<>();
        for (Layout l : Layout.values()) {
            looked.add(l.fileName());
        }
        throw new WeightFormatException("no weights in " + modelDir + ": looked for " + String.join(", ", looked));
    }

    /** Reads every tensor of {@code modelDir} into a map in file order, each with its source file. */
    public static Map<String, HostTensor> readAll(Path modelDir) throws IOException {
        try (CheckpointFiles c = open(modelDir)) {
            return c.readAll();
        }
    }

    private static TensorFile openFile(Layout layout, Path p) throws IOException {
        return layout.safetensors() ? SafetensorsReader.open(p) : TorchBinReader.open(p);
    }

    private static CheckpointFiles openSingle(Path dir, Layout layout, Path p) throws IOException {
        TensorFile f = openFile(layout, p);
        Map<String, TensorFile> owner = new LinkedHashMap<>();
        for (String n : f.names()) {
            owner.put(n, f);
        }
        return new CheckpointFiles(dir, layout, List.of(f), owner);
    }

    private static CheckpointFiles openSharded(Path dir, Layout layout, Path index) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new WeightFormatException("shard index " + index + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new WeightFormatException("shard index " + index + " has no \"weight_map\" object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        Map<String, Path> shards = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw new WeightFormatException("shard index " + index + ": weight_map entry '" + e.getKey()
                        + "' is not a file name");
            }
            String shard = e.getValue().asText();
            Path p = dir.resolve(shard).normalize();
            if (!p.getParent().equals(dir.normalize())) {
                throw new WeightFormatException("shard index " + index + ": shard '" + shard + "' for tensor '"
                        + e.getKey() + "' is not a file of " + dir);
            }
            if (!Files.isRegularFile(p)) {
                throw new WeightFormatException("shard index " + index + " names shard " + shard + " (for tensor '"
                        + e.getKey() + "') but " + p + " does not exist");
            }
            weightMap.put(e.getKey(), shard);
            shards.putIfAbsent(shard, p);
        }
        List<TensorFile> files = new ArrayList<>();
        Map<String, TensorFile> byShard = new LinkedHashMap<>();
        Map<String, TensorFile> owner = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> s : shards.entrySet()) {
                TensorFile f = openFile(layout, s.getValue());
                files.add(f);
                byShard.put(s.getKey(), f);
                for (String n : f.names()) {
                    TensorFile prev = owner.putIfAbsent(n, f);
                    if (prev != null) {
                        throw new WeightFormatException("tensor '" + n + "' is in two shards: " + source(prev)
                                + " and " + s.getValue());
                    }
                }
            }
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                TensorFile f = owner.get(e.getKey());
                if (f != byShard.get(e.getValue())) {
                    throw new WeightFormatException("shard index " + index + " maps tensor '" + e.getKey() + "' to "
                            + e.getValue() + " but that shard does not hold it"
                            + (f == null ? "" : " (it is in " + source(f) + ")"));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (TensorFile f : files) {
                f.close();
            }
            throw e;
        }
        return new CheckpointFiles(dir, layout, List.copyOf(files), owner);
    }

    private static String source(TensorFile f) {
        if (f instanceof SafetensorsReader s) {
            return s.file().toString();
        }
        if (f instanceof TorchBinReader t) {
            return t.file().toString();
        }
        return f.toString();
    }

    public Path directory() {
        return dir;
    }

    public Layout layout() {
        return layout;
    }

    /** The weight files opened (one, or the shards in index order). */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (TensorFile f : files) {
            out.add(Path.of(source(f)));
        }
        return out;
    }

    @Override
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(owner.keySet()));
    }

    @Override
    public boolean contains(String name) {
        return owner.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        return file(name).info(name);
    }

    @Override
    public HostTensor read(String name) throws IOException {
        return file(name).read(name);
    }

    private TensorFile file(String name) {
        TensorFile f = owner.get(name);
        if (f == null) {
            throw new WeightFormatException("no tensor '" + name + "' in the weights of " + dir + " ("
                    + layout.fileName() + ")");
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (TensorFile f : files) {
            try {
                f.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
