package sentemb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A float32 NumPy {@code .npy} (format 1.0) streamed row by row: the header's row count is
 * known only at the end, so it is written last into a fixed-size header slot (128 bytes,
 * room for any long count). A file target is written under a temporary name and renamed; for
 * stdout, which cannot seek, the rows go to a temporary file first and are copied after the
 * header. Nothing is held in memory beyond one row; sizes are longs, not ints.
 */
final class NpyWriter implements EmbeddingWriter {
    /** Magic (6) + version (2) + header length (2) + header, padded to this total. */
    static final int HEADER_BYTES = 128;

    private final FileChannel channel;
    private final Path tmp;
    private final Path target;
    private final OutputStream stdout;
    private final ByteBuffer rowBuffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long rows;
    private int dim = -1;
    private boolean finished;

    private NpyWriter(Path tmp, Path target, OutputStream stdout) throws IOException {
        this.tmp = tmp;
        this.target = target;
        this.stdout = stdout;
        this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channel.position(HEADER_BYTES);
    }

    static NpyWriter toFile(Path target) throws IOException {
        return new NpyWriter(EmbeddingWriter.tempFileFor(target), target, null);
    }

    static NpyWriter toStream(OutputStream stdout) throws IOException {
        return new NpyWriter(Files.createTempFile("sentemb-embed", ".npy"), null, stdout);
    }

    /** The 128-byte header of a (rows, dim) float32 C-order array. */
    static byte[] header(long rows, int dim) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + dim + "), }";
        int len = HEADER_BYTES - 10;
        if (dict.length() + 1 > len) {
            throw new IllegalStateException("npy header too long: " + dict);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) len);
        b.put((dict + " ".repeat(len - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    @Override
    public void write(String text, float[] vector) throws IOException {
        if (dim < 0) {
            dim = vector.length;
        } else if (vector.length != dim) {
            throw new IllegalStateException("row " + rows + " has " + vector.length + " values, expected " + dim);
        }
        for (float v : vector) {
            if (!rowBuffer.hasRemaining()) {
                flushRows();
            }
            rowBuffer.putFloat(v);
        }
        rows++;
    }

    private void flushRows() throws IOException {
        rowBuffer.flip();
        while (rowBuffer.hasRemaining()) {
            channel.write(rowBuffer);
        }
        rowBuffer.clear();
    }

    @Override
    public void finish() throws IOException {
        flushRows();
        ByteBuffer h = ByteBuffer.wrap(header(rows, Math.max(dim, 0)));
        long at = 0;
        while (h.hasRemaining()) {
            at += channel.write(h, at);
        }
        channel.force(true);
        channel.close();
        if (target != null) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            try (InputStream in = Files.newInputStream(tmp)) {
                in.transferTo(stdout);
            }
            stdout.flush();
            Files.deleteIfExists(tmp);
        }
        finished = true;
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
        if (!finished || target == null) {
            Files.deleteIfExists(tmp);
        }
    }
}
