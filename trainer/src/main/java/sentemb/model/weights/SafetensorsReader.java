package sentemb.model.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus an optional string map
 * {@code __metadata__}), then the raw little-endian data. All file positions are
 * {@code long} and data is read with positional {@link FileChannel} reads in bounded chunks,
 * so files (and tensors) beyond 2 GiB work. F32/F16/BF16 are widened to fp32; other dtypes
 * are listed but refused by {@link #read}.
 *
 * <p>The header is checked before any data is read: its length must fit the file, every
 * tensor's byte range must lie inside the data section, match shape × dtype size, and not
 * overlap another tensor.
 */
public final class SafetensorsReader implements TensorFile {

    /** Same cap as the reference Rust implementation: a larger header is not a real file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int CHUNK_BYTES = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private record Entry(TensorInfo info, long begin, long end) {}

    private SafetensorsReader(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries,
            Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and validates {@code file}; the caller closes the reader. */
    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return parse(file, ch);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads every tensor of {@code file} (convenience for small files). */
    public static Map<String, HostTensor> readAll(Path file) throws IOException {
        try (SafetensorsReader r = open(file)) {
            return r.readAll();
        }
    }

    private static SafetensorsReader parse(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new WeightFormatException("safetensors file " + file + " is " + size
                    + " bytes: too short for the 8-byte header length (truncated?)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long headerLen = lenBuf.getLong(0);
        if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
            throw new WeightFormatException("safetensors file " + file + " declares a header of " + headerLen
                    + " bytes (expected 1.." + MAX_HEADER_BYTES + "): not a safetensors file or corrupt");
        }
        if (8 + headerLen > size) {
            throw new WeightFormatException("safetensors file " + file + " declares a " + headerLen
                    + "-byte header but the file has only " + size + " bytes (truncated?)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, 8, file);
        JsonNode root;
        try {
            root = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new WeightFormatException("safetensors file " + file + ": header is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightFormatException("safetensors file " + file + ": header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            if (f.getKey().equals("__metadata__")) {
                readMetadata(file, f.getValue(), metadata);
            } else {
                list.add(parseEntry(file, f.getKey(), f.getValue(), dataLen));
            }
        }
        list.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Map<String, Entry> entries = new LinkedHashMap<>();
        Entry prev = null;
        for (Entry e : list) {
            if (prev != null && e.begin() < prev.end() && e.end() > e.begin()) {
                throw new WeightFormatException("safetensors file " + file + ": tensor '" + e.info().name()
                        + "' (bytes " + e.begin() + ".." + e.end() + ") overlaps tensor '" + prev.info().name()
                        + "' (bytes " + prev.begin() + ".." + prev.end() + ")");
            }
            if (e.end() > e.begin()) {
                prev = e;
            }
            entries.put(e.info().name(), e);
        }
        return new SafetensorsReader(file, ch, dataStart, entries, Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
        if (node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new WeightFormatException("safetensors file " + file + ": __metadata__ must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> m : node.properties()) {
            if (!m.getValue().isTextual()) {
                throw new WeightFormatException("safetensors file " + file + ": __metadata__ value for '"
                        + m.getKey() + "' is not a string");
            }
            out.put(m.getKey(), m.getValue().asText());
        }
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataLen) {
        String where = "tensor '" + name + "' in safetensors file " + file;
        if (!node.isObject()) {
            throw new WeightFormatException(where + ": header entry is not an object");
        }
        DType dtype = DType.fromSafetensors(node.path("dtype").asText(null));
        if (dtype == null) {
            throw new WeightFormatException(where + ": unknown dtype " + node.get("dtype"));
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new WeightFormatException(where + ": missing shape array");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new WeightFormatException(where + ": bad shape " + shapeNode);
            }
            shape[i] = d.asLong();
        }
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber()
                || !off.get(1).isIntegralNumber()) {
            throw new WeightFormatException(where + ": data_offsets must be [begin, end]");
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw new WeightFormatException(where + ": bad data_offsets " + off);
        }
        TensorInfo info;
        long expected;
        try {
            info = new TensorInfo(name, dtype, shape, file.toString());
            expected = Math.multiplyExact(info.numel(), dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new WeightFormatException(where + ": shape " + shapeNode + " overflows");
        }
        if (end - begin != expected) {
            throw new WeightFormatException(where + ": data_offsets " + off + " hold " + (end - begin)
                    + " bytes but shape " + info.shapeString() + " of " + dtype + " needs " + expected);
        }
        if (end > dataLen) {
            throw new WeightFormatException(where + ": data ends at byte " + end + " of the data section but the file has only "
                    + dataLen + " data bytes (truncated?)");
        }
        return new Entry(info, begin, end);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new WeightFormatException("unexpected end of file " + file + " at byte " + pos);
            }
            pos += n;
        }
        buf.flip();
    }

    public Path file() {
        return file;
    }

    /** The {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Absolute file position of the first data byte (8 + header length). */
    public long dataStart() {
        return dataStart;
    }

    /** Absolute file position where {@code name}'s data starts. */
    public long dataPosition(String name) {
        return dataStart + entry(name).begin();
    }

    @Override
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    @Override
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        return entry(name).info();
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new WeightFormatException("no tensor '" + name + "' in safetensors file " + file);
        }
        return e;
    }

    @Override
    public HostTensor read(String name) throws IOException {
        Entry e = entry(name);
        TensorInfo info = e.info();
        TensorBytes.requireReadable(info);
        int n = (int) info.numel();
        float[] data = new float[n];
        int elem = info.dtype().byteSize();
        int perChunk = CHUNK_BYTES / elem;
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(perChunk, Math.max(n, 1)) * elem)
                .order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + e.begin();
        for (int done = 0; done < n; ) {
            int count = Math.min(perChunk, n - done);
            buf.clear().limit(count * elem);
            while (buf.hasRemaining()) {
                int r = channel.read(buf, pos);
                if (r < 0) {
                    throw new WeightFormatException("tensor '" + name + "' in safetensors file " + file
                            + ": file ended at byte " + pos + " (truncated while reading?)");
                }
                pos += r;
            }
            buf.flip();
            TensorBytes.decode(info.dtype(), buf, data, done, count);
            done += count;
        }
        return new HostTensor(name, info.shape(), data, file.toString());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
