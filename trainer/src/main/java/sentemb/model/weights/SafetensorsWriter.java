package sentemb.model.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a {@code .safetensors} file. The layout (names, shapes, dtypes) is fixed when the
 * writer is created: tensors are placed in name order, the header (with an optional
 * {@code __metadata__} string map) is written first and padded with spaces to a multiple of 8
 * bytes, and each tensor's data is then written at its {@code long} position, so tensors may
 * arrive in any order, one at a time (a big model never needs all of its weights on the heap),
 * and the file may exceed 2 GiB.
 *
 * <p>Data goes to {@code <file>.tmp} and is moved over {@code file} only when every tensor
 * was written and {@link #close()} succeeds, so a crash never leaves a half-written
 * checkpoint under the real name.
 */
public final class SafetensorsWriter implements Closeable {

    private static final int CHUNK_ELEMENTS = 2 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path tmp;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> layout;
    private final Map<String, Long> offsets;
    private final Set<String> written = new HashSet<>();
    private boolean closed;

    private SafetensorsWriter(Path file, Path tmp, FileChannel channel, long dataStart,
            Map<String, TensorInfo> layout, Map<String, Long> offsets) {
        this.file = file;
        this.tmp = tmp;
        this.channel = channel;
        this.dataStart = dataStart;
        this.layout = layout;
        this.offsets = offsets;
    }

    /**
     * Writes all {@code tensors} as {@code dtype} (F32, F16 or BF16) with the given metadata
     * ({@code null} for none).
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        List<TensorInfo> specs = new ArrayList<>();
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw new IllegalArgumentException("map key '" + e.getKey() + "' differs from tensor name '"
                        + e.getValue().name() + "' (writing " + file + ")");
            }
            specs.add(new TensorInfo(e.getKey(), dtype, e.getValue().shape(), file.toString()));
        }
        try (SafetensorsWriter w = create(file, specs, metadata)) {
            for (HostTensor t : tensors.values()) {
                w.write(t);
            }
        }
    }

    /** Starts a file with the given layout (each {@link TensorInfo}'s source is ignored). */
    public static SafetensorsWriter create(Path file, Collection<TensorInfo> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, TensorInfo> layout = new TreeMap<>();
        for (TensorInfo t : tensors) {
            if (t.name().equals("__metadata__") || t.name().isEmpty()) {
                throw new IllegalArgumentException("invalid tensor name '" + t.name() + "' for " + file);
            }
            if (!t.dtype().readable()) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' for " + file + ": cannot write dtype "
                        + t.dtype() + " (only F32, F16, BF16)");
            }
            if (layout.put(t.name(), t) != null) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' listed twice for " + file);
            }
        }
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        Map<String, Long> offsets = new LinkedHashMap<>();
        long offset = 0;
        for (TensorInfo t : layout.values()) {
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = offset + t.byteSize();
            entry.putArray("data_offsets").add(offset).add(end);
            offsets.put(t.name(), offset);
            offset = end;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        try {
            writeFully(ch, head, 0);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new SafetensorsWriter(file, tmp, ch, 8L + padded, layout, offsets);
    }

    /** The tensors this file will hold, in file order. */
    public List<TensorInfo> layout() {
        return List.copyOf(layout.values());
    }

    /** Writes one tensor of the layout; its shape must match the layout's. */
    public void write(HostTensor t) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer for " + file + " is closed");
        }
        TensorInfo spec = layout.get(t.name());
        if (spec == null) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' is not in the layout of " + file);
        }
        if (!Arrays.equals(spec.shape(), t.shape())) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' for " + file + ": layout shape "
                    + spec.shapeString() + ", got " + t.shapeString());
        }
        if (!written.add(t.name())) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' written twice to " + file);
        }
        DType dtype = spec.dtype();
        float[] data = t.data();
        int chunk = Math.min(CHUNK_ELEMENTS, Math.max(data.length, 1));
        ByteBuffer buf = ByteBuffer.allocateDirect(chunk * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + offsets.get(t.name());
        for (int done = 0; done < data.length; ) {
            int count = Math.min(chunk, data.length - done);
            buf.clear();
            TensorBytes.encode(dtype, data, done, count, buf);
            buf.flip();
            pos += writeFully(channel, buf, pos);
            done += count;
        }
    }

    private static long writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
        return pos - position;
    }

    /** Discards the partial file. */
    public void abort() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Finishes the file: fails (and deletes the partial file) unless every tensor of the
     * layout was written, else syncs it and moves it over the target name.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (written.size() != layout.size()) {
            List<String> missing = new ArrayList<>(layout.keySet());
            missing.removeAll(written);
            abort();
            throw new IllegalStateException("safetensors file " + file + " not written: tensors never supplied: "
                    + missing);
        }
        closed = true;
        try {
            channel.force(true);
        } finally {
            channel.close();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
