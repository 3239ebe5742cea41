package sentemb.model.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch state dict written by {@code torch.save} (the zip format of PyTorch ≥ 1.6,
 * which is what {@code pytorch_model.bin} files are): {@code <archive>/data.pkl} holds the
 * pickled dict and is interpreted by {@link RestrictedUnpickler}, which never executes code;
 * each storage is the zip entry {@code <archive>/data/<key>}, in the byte order named by
 * {@code <archive>/byteorder} (little when absent). Tensor data is streamed from the zip
 * (zip64 works), honouring the storage offset; non-contiguous views (a transposed tensor,
 * a slice with a step) are gathered through their strides. Several tensors may share one
 * storage (tied weights). The legacy pre-1.6 tar/pickle format and TorchScript archives are
 * refused.
 */
public final class TorchBinReader implements TensorFile {

    private static final int CHUNK_BYTES = 8 << 20;

    private final Path file;
    private final ZipFile zip;
    private final String archive;
    private final ByteOrder order;
    private final Map<String, RestrictedUnpickler.TensorRef> tensors;
    private final Map<String, TensorInfo> infos;

    private TorchBinReader(Path file, ZipFile zip, String archive, ByteOrder order,
            Map<String, RestrictedUnpickler.TensorRef> tensors) {
        this.file = file;
        this.zip = zip;
        this.archive = archive;
        this.order = order;
        this.tensors = tensors;
        this.infos = new LinkedHashMap<>();
        tensors.forEach((name, t) -> infos.put(name, new TensorInfo(name, t.storage().dtype(), t.size(),
                file.toString())));
    }

    /** Opens {@code file}, unpickles its dict and checks every tensor fits its storage. */
    public static TorchBinReader open(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new WeightFormatException(file + " is not a zip archive (" + e.getMessage() + "): only the zip "
                    + "format of torch.save (PyTorch >= 1.6, as transformers writes pytorch_model.bin) is supported",
                    e);
        }
        try {
            return parse(file, zip);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /** Reads every tensor of {@code file}. */
    public static Map<String, HostTensor> readAll(Path file) throws IOException {
        try (TorchBinReader r = open(file)) {
            return r.readAll();
        }
    }

    private static TorchBinReader parse(Path file, ZipFile zip) throws IOException {
        ZipEntry pkl = null;
        boolean torchScript = false;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            String n = e.getName();
            torchScript |= n.endsWith("/constants.pkl") || n.contains("/code/");
            int slash = n.indexOf('/');
            if (slash > 0 && n.substring(slash + 1).equals("data.pkl")) {
                if (pkl != null) {
                    throw new WeightFormatException(file + " holds two pickles (" + pkl.getName() + ", " + n + ")");
                }
                pkl = e;
            }
        }
        if (pkl == null) {
            throw new WeightFormatException(file + " has no <archive>/data.pkl entry: not a torch.save archive");
        }
        String archive = pkl.getName().substring(0, pkl.getName().indexOf('/'));
        if (torchScript) {
            throw new WeightFormatException(file + " is a TorchScript archive, not a state dict");
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ZipEntry bo = zip.getEntry(archive + "/byteorder");
        if (bo != null) {
            String s = new String(readEntry(zip, bo, file), StandardCharsets.US_ASCII).trim();
            if (s.equals("big")) {
                order = ByteOrder.BIG_ENDIAN;
            } else if (!s.equals("little")) {
                throw new WeightFormatException(file + ": unknown byteorder '" + s + "'");
            }
        }
        Object root = RestrictedUnpickler.load(readEntry(zip, pkl, file), file.toString());
        if (!(root instanceof Map<?, ?> dict)) {
            throw new WeightFormatException(file + " does not hold a dict of tensors (top level is "
                    + (root instanceof List ? "a list" : root.getClass().getSimpleName()) + ")");
        }
        Map<String, RestrictedUnpickler.TensorRef> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new WeightFormatException(file + ": state dict key " + e.getKey() + " is not a string");
            }
            if (!(e.getValue() instanceof RestrictedUnpickler.TensorRef t)) {
                throw new WeightFormatException(file + ": state dict entry '" + name + "' is not a tensor"
                        + " (a nested checkpoint? only flat name -> tensor dicts are read)");
            }
            checkFits(file, archive, zip, name, t);
            tensors.put(name, t);
        }
        return new TorchBinReader(file, zip, archive, order, Collections.unmodifiableMap(tensors));
    }

    /** The storage entry exists with the declared size, and the view stays inside it. */
    private static void checkFits(Path file, String archive, ZipFile zip, String name,
            RestrictedUnpickler.TensorRef t) {
        RestrictedUnpickler.StorageRef s = t.storage();
        String where = "tensor '" + name + "' in " + file;
        ZipEntry data = zip.getEntry(archive + "/data/" + s.key());
        if (data == null) {
            throw new WeightFormatException(where + ": storage entry " + archive + "/data/" + s.key() + " is missing");
        }
        long bytes = Math.multiplyExact(s.numel(), s.dtype().byteSize());
        if (data.getSize() >= 0 && data.getSize() != bytes) {
            throw new WeightFormatException(where + ": storage " + s.key() + " should hold " + s.numel() + " "
                    + s.dtype() + " values (" + bytes + " bytes) but its zip entry has " + data.getSize() + " bytes");
        }
        checkView(where, t, s.numel());
    }

    /**
     * The checks torch's as_strided makes, in overflow-checked arithmetic: the storage offset
     * is not negative and the view's last element lies inside the storage (negative sizes and
     * strides never get this far: the unpickler refuses them).
     */
    static void checkView(String where, RestrictedUnpickler.TensorRef t, long storageNumel) {
        String view = " (storage offset " + t.offset() + ", size " + Arrays.toString(t.size()) + ", stride "
                + Arrays.toString(t.stride()) + ")";
        if (t.offset() < 0) {
            throw new WeightFormatException(where + ": storage offset " + t.offset() + " is negative" + view);
        }
        if (t.size().length != t.stride().length) {
            throw new WeightFormatException(where + ": " + t.size().length + " sizes but " + t.stride().length + " strides" + view);
        }
        long numel = 1;
        long last = 0;
        try {
            for (int i = 0; i < t.size().length; i++) {
                numel = Math.multiplyExact(numel, t.size()[i]);
                if (t.size()[i] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(t.size()[i] - 1, t.stride()[i]));
                }
            }
            if (numel > 0 && Math.addExact(Math.addExact(t.offset(), last), 1) > storageNumel) {
                throw new WeightFormatException(where + ": view" + view + " reaches past its storage of " + storageNumel
                        + " elements");
            }
        } catch (ArithmeticException e) {
            throw new WeightFormatException(where + ": the extent of the view" + view + " overflows 64-bit arithmetic");
        }
    }

    /** Elements from the view's first to its last element, inclusive. */
    private static long span(RestrictedUnpickler.TensorRef t) {
        long last = 0;
        for (int i = 0; i < t.size().length; i++) {
            last += (t.size()[i] - 1) * t.stride()[i];
        }
        return last + 1;
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry e, Path file) throws IOException {
        if (e.getSize() > Integer.MAX_VALUE - 8) {
            throw new WeightFormatException(file + ": entry " + e.getName() + " is too large to read at once");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo i = infos.get(name);
        if (i == null) {
            throw new WeightFormatException("no tensor '" + name + "' in " + file);
        }
        return i;
    }

    /** The zip entry key of a tensor's storage (tensors sharing a storage share the key). */
    public String storageKey(String name) {
        info(name);
        return tensors.get(name).storage().key();
    }

    @Override
    public HostTensor read(String name) throws IOException {
        TensorInfo info = info(name);
        TensorBytes.requireReadable(info);
        RestrictedUnpickler.TensorRef t = tensors.get(name);
        int n = (int) info.numel();
        float[] out = new float[n];
        if (n > 0) {
            long span = t.contiguous() ? n : span(t);
            if (span > Integer.MAX_VALUE - 8) {
                throw new WeightFormatException("tensor '" + name + "' in " + file + ": strided view spans "
                        + span + " elements, too many to gather");
            }
            float[] raw = t.contiguous() ? out : new float[(int) span];
            readSpan(name, t, raw);
            if (raw != out) {
                gather(raw, t.size(), t.stride(), out);
            }
        }
        return new HostTensor(name, info.shape(), out, file.toString());
    }

    /** Streams {@code dst.length} elements starting at the view's storage offset. */
    private void readSpan(String name, RestrictedUnpickler.TensorRef t, float[] dst) throws IOException {
        DType dtype = t.storage().dtype();
        int elem = dtype.byteSize();
        ZipEntry entry = zip.getEntry(archive + "/data/" + t.storage().key());
        byte[] chunk = new byte[Math.min(CHUNK_BYTES, dst.length * elem)];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(order);
        try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(t.offset() * elem);
            for (int done = 0; done < dst.length; ) {
                int count = Math.min(chunk.length / elem, dst.length - done);
                int got = in.readNBytes(chunk, 0, count * elem);
                if (got != count * elem) {
                    throw new WeightFormatException("tensor '" + name + "' in " + file + ": storage entry "
                            + entry.getName() + " ended early (truncated?)");
                }
                buf.clear();
                TensorBytes.decode(dtype, buf, dst, done, count);
                done += count;
            }
        } catch (java.io.EOFException e) {
            throw new WeightFormatException("tensor '" + name + "' in " + file + ": storage entry "
                    + entry.getName() + " ended before the storage offset (truncated?)", e);
        }
    }

    /** Copies a strided view (relative to its first element) into row-major order. */
    static void gather(float[] raw, long[] size, long[] stride, float[] out) {
        int rank = size.length;
        int[] idx = new int[rank];
        long src = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = raw[(int) src];
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < size[d]) {
                    src += stride[d];
                    break;
                }
                src -= (size[d] - 1) * stride[d];
                idx[d] = 0;
            }
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
