package sentemb.model.weights;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle reader for PyTorch state dicts that never executes anything. It interprets the
 * opcodes {@code torch.save} emits for a dict of tensors (protocols 2 to 5) and builds plain
 * values: {@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@link #NONE},
 * {@code byte[]}, {@link List} (pickle lists), {@link Tuple}, {@link Map} (dicts and
 * OrderedDicts), and {@link TensorRef} for tensors. GLOBAL / STACK_GLOBAL may only name an
 * entry of a fixed allow-list ({@code collections.OrderedDict}, {@code
 * torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter}, and the typed
 * storage classes such as {@code torch.FloatStorage}); anything else is refused by name,
 * as is every opcode that could build arbitrary objects (INST, OBJ, NEWOBJ, EXT*).
 */
final class RestrictedUnpickler {

    /** Python's {@code None} (the stack cannot hold {@code null}). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static final int MAX_PICKLE_BYTES = 512 << 20;

    /** A pickle tuple. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** An allowed global. {@code dtype} is set for storage classes. */
    record Global(String module, String name, Kind kind, DType dtype) {
        enum Kind { ORDERED_DICT, REBUILD_TENSOR, REBUILD_PARAMETER, STORAGE }

        String qualified() {
            return module + "." + name;
        }
    }

    /** A storage named by a persistent id: zip entry {@code <archive>/data/<key>}. */
    record StorageRef(String key, DType dtype, long numel, String location) {}

    /** A tensor view: storage, element offset, size and stride (in elements). */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
        boolean contiguous() {
            long expected = 1;
            for (int i = size.length - 1; i >= 0; i--) {
                if (size[i] != 1 && stride[i] != expected) {
                    return false;
                }
                expected *= size[i];
            }
            return true;
        }

        @Override
        public String toString() {
            return "tensor(" + storage.dtype() + ", size " + Arrays.toString(size) + ")";
        }
    }

    private static final Map<String, Global> ALLOWED = new HashMap<>();

    static {
        allow("collections", "OrderedDict", Global.Kind.ORDERED_DICT, null);
        allow("torch._utils", "_rebuild_tensor_v2", Global.Kind.REBUILD_TENSOR, null);
        allow("torch._utils", "_rebuild_parameter", Global.Kind.REBUILD_PARAMETER, null);
        // typed storages: torch 1.x and 2.x both pickle a tensor's storage under these names
        allow("torch", "FloatStorage", Global.Kind.STORAGE, DType.F32);
        allow("torch", "HalfStorage", Global.Kind.STORAGE, DType.F16);
        allow("torch", "BFloat16Storage", Global.Kind.STORAGE, DType.BF16);
        allow("torch", "DoubleStorage", Global.Kind.STORAGE, DType.F64);
        allow("torch", "LongStorage", Global.Kind.STORAGE, DType.I64);
        allow("torch", "IntStorage", Global.Kind.STORAGE, DType.I32);
        allow("torch", "ShortStorage", Global.Kind.STORAGE, DType.I16);
        allow("torch", "CharStorage", Global.Kind.STORAGE, DType.I8);
        allow("torch", "ByteStorage", Global.Kind.STORAGE, DType.U8);
        allow("torch", "BoolStorage", Global.Kind.STORAGE, DType.BOOL);
    }

    private static void allow(String module, String name, Global.Kind kind, DType dtype) {
        ALLOWED.put(module + "." + name, new Global(module, name, kind, dtype));
    }

    private static final Object MARK = new Object();

    private final byte[] in;
    private final String file;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, StorageRef> storages = new HashMap<>();
    private int pos;
    private int opStart;

    private RestrictedUnpickler(byte[] in, String file) {
        this.in = in;
        this.file = file;
    }

    /** Interprets {@code pickle} (named {@code file} in errors) and returns the object it builds. */
    static Object load(byte[] pickle, String file) {
        if (pickle.length > MAX_PICKLE_BYTES) {
            throw new WeightFormatException("pickle in " + file + " is " + pickle.length + " bytes: too large");
        }
        return new RestrictedUnpickler(pickle, file).run();
    }

    /** The error for a global outside the allow-list. */
    static WeightFormatException refused(String module, String name, String file) {
        return new WeightFormatException("refusing to unpickle " + module + "." + name + " in " + file
                + ": only tensors, storages and ordered dicts are allowed");
    }

    private Object run() {
        while (true) {
            if (pos >= in.length) {
                throw error("pickle ended without STOP");
            }
            opStart = pos;
            int op = in[pos++] & 0xFF;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) {
                        throw error("unsupported pickle protocol " + proto);
                    }
                }
                case 0x95 -> take(8) /* FRAME: a length hint only */;
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw error("STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.get(0);
                }
                case '(' -> marks.add(stack.size());
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case '}' -> push(new LinkedHashMap<Object, Object>());
                case ']' -> push(new ArrayList<Object>());
                case ')' -> push(new Tuple(List.of()));
                case 't' -> push(new Tuple(List.copyOf(popMark())));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'd' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    putAll(m, items);
                    push(m);
                }
                case 'a' -> {
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    putAll(map(peek()), List.of(k, v));
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    putAll(map(peek()), items);
                }
                case 'J' -> push((long) i32());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | (u8() << 8)));
                case 0x8a -> push(longLE(u8()));
                case 0x8b -> push(longLE(len(i32())));
                case 'G' -> push(Double.longBitsToDouble(beLong()));
                case 'N' -> push(NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'X' -> push(utf8(len(i32())));
                case 0x8c -> push(utf8(u8()));
                case 0x8d -> push(utf8(len(i64())));
                case 'T' -> push(latin1(len(i32())));
                case 'U' -> push(latin1(u8()));
                case 'B' -> push(take(len(i32())));
                case 'C' -> push(take(u8()));
                case 0x8e -> push(take(len(i64())));
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL needs two strings");
                    }
                    push(global(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object fn = pop();
                    push(reduce(fn, args));
                }
                case 'b' -> build();
                case 'Q' -> push(persistent(pop()));
                case 'q' -> memo.put((long) u8(), peek());
                case 'r' -> memo.put(i32() & 0xFFFFFFFFL, peek());
                case 0x94 -> memo.put((long) memo.size(), peek());
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(i32() & 0xFFFFFFFFL));
                default -> throw error(String.format("unsupported pickle opcode 0x%02x", op)
                        + " (only the opcodes of plain state dicts are interpreted)");
            }
        }
    }

    private Global global(String module, String name) {
        Global g = ALLOWED.get(module + "." + name);
        if (g == null) {
            throw refused(module, name, file);
        }
        return g;
    }

    private Object reduce(Object fn, Object args) {
        if (!(fn instanceof Global g)) {
            throw error("REDUCE on a " + describe(fn) + " instead of an allowed global");
        }
        if (!(args instanceof Tuple t)) {
            throw error("REDUCE of " + g.qualified() + " without an argument tuple");
        }
        switch (g.kind()) {
            case ORDERED_DICT -> {
                if (t.size() != 0) {
                    throw error("collections.OrderedDict called with arguments");
                }
                return new LinkedHashMap<Object, Object>();
            }
            case REBUILD_TENSOR -> {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (t.size() < 6 || t.size() > 7 || !(t.get(0) instanceof StorageRef s)) {
                    throw error("torch._utils._rebuild_tensor_v2 with unexpected arguments " + t.items());
                }
                long offset = asLong(t.get(1), "storage offset");
                long[] size = longs(t.get(2), "size");
                long[] stride = longs(t.get(3), "stride");
                if (size.length != stride.length) {
                    throw error("tensor size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride)
                            + " differ in rank");
                }
                if (t.get(5) instanceof Map<?, ?> hooks && !hooks.isEmpty()) {
                    throw error("tensor with backward hooks");
                }
                return new TensorRef(s, offset, size, stride);
            }
            case REBUILD_PARAMETER -> {
                if (t.size() != 3 || !(t.get(0) instanceof TensorRef tensor)) {
                    throw error("torch._utils._rebuild_parameter with unexpected arguments " + t.items());
                }
                if (t.get(2) instanceof Map<?, ?> hooks && !hooks.isEmpty()) {
                    throw error("parameter with backward hooks");
                }
                return tensor;
            }
            default -> throw error(g.qualified() + " may only appear inside a storage persistent id");
        }
    }

    /** BUILD sets object state; only dicts (an OrderedDict's {@code _metadata}) get any, and it is dropped. */
    private void build() {
        Object state = pop();
        Object target = peek();
        if (!(target instanceof Map)) {
            throw error("BUILD on a " + describe(target) + " (state " + describe(state) + ")");
        }
    }

    /** ('storage', storage class, key, location, numel) as torch.save writes it. */
    private Object persistent(Object pid) {
        if (!(pid instanceof Tuple t) || t.size() != 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof Global g) || g.kind() != Global.Kind.STORAGE
                || !(t.get(2) instanceof String key)) {
            throw error("unsupported persistent id " + describe(pid));
        }
        long numel = asLong(t.get(4), "storage size");
        String location = t.get(3) instanceof String s ? s : String.valueOf(t.get(3));
        StorageRef ref = new StorageRef(key, g.dtype(), numel, location);
        StorageRef prev = storages.putIfAbsent(key, ref);
        if (prev != null && (prev.dtype() != ref.dtype() || prev.numel() != ref.numel())) {
            throw error("storage " + key + " declared as " + prev.dtype() + "[" + prev.numel() + "] and as "
                    + ref.dtype() + "[" + ref.numel() + "]");
        }
        return prev != null ? prev : ref;
    }

    private void putAll(Map<Object, Object> m, List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw error("odd number of items for a dict");
        }
        for (int i = 0; i < kv.size(); i += 2) {
            Object k = kv.get(i);
            if (!(k instanceof String || k instanceof Long || k instanceof Boolean || k instanceof Tuple)) {
                throw error("unsupported dict key " + describe(k));
            }
            m.put(k, kv.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw error("SETITEM on a " + describe(o));
        }
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (!(o instanceof ArrayList)) {
            throw error("APPEND on a " + describe(o));
        }
        return (List<Object>) o;
    }

    private Tuple tuple(int n) {
        if (stack.size() - n < floor()) {
            throw error("stack underflow");
        }
        List<Object> sub = stack.subList(stack.size() - n, stack.size());
        Tuple t = new Tuple(List.copyOf(sub));
        sub.clear();
        return t;
    }

    private long asLong(Object o, String what) {
        if (!(o instanceof Long l)) {
            throw error("expected an integer " + what + ", got " + describe(o));
        }
        return l;
    }

    private long[] longs(Object o, String what) {
        if (!(o instanceof Tuple t)) {
            throw error("expected a tuple " + what + ", got " + describe(o));
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(t.get(i), what);
            if (out[i] < 0) {
                throw error("negative " + what + " " + t.items());
            }
        }
        return out;
    }

    private Object memoGet(long key) {
        Object v = memo.get(key);
        if (v == null) {
            throw error("memo key " + key + " was never stored");
        }
        return v;
    }

    private int floor() {
        return marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object peek() {
        if (stack.size() <= floor()) {
            throw error("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private Object pop() {
        Object o = peek();
        stack.remove(stack.size() - 1);
        return o;
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw error("no MARK on the stack");
        }
        int m = marks.remove(marks.size() - 1);
        List<Object> sub = stack.subList(m, stack.size());
        List<Object> items = new ArrayList<>(sub);
        sub.clear();
        return items;
    }

    private int u8() {
        need(1);
        return in[pos++] & 0xFF;
    }

    private int i32() {
        need(4);
        int v = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8 | (in[pos + 2] & 0xFF) << 16 | (in[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private long i64() {
        long lo = i32() & 0xFFFFFFFFL;
        long hi = i32() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    private long beLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (in[pos++] & 0xFF);
        }
        return v;
    }

    /** LONG1/LONG4 payload: little-endian two's complement, at most 8 bytes. */
    private long longLE(int n) {
        if (n > 8) {
            throw error("integer of " + n + " bytes is too large");
        }
        need(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (in[pos + i] & 0xFF);
        }
        if (n > 0 && n < 8 && (in[pos + n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n);
        }
        pos += n;
        return v;
    }

    private int len(long n) {
        if (n < 0 || n > in.length - pos) {
            throw error("length " + n + " runs past the end of the pickle");
        }
        return (int) n;
    }

    private byte[] take(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String utf8(int n) {
        return new String(take(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) {
        return new String(take(n), StandardCharsets.ISO_8859_1);
    }

    private String line() {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') {
            pos++;
        }
        if (pos >= in.length) {
            throw error("unterminated GLOBAL name");
        }
        return new String(in, start, pos++ - start, StandardCharsets.UTF_8);
    }

    private void need(int n) {
        if (n < 0 || pos + n > in.length) {
            throw error("pickle truncated");
        }
    }

    private static String describe(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof Global g) {
            return g.qualified();
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof byte[]) {
            return "bytes";
        }
        return o.getClass().getSimpleName() + " " + o;
    }

    private WeightFormatException error(String what) {
        return new WeightFormatException("cannot read pickle in " + file + " at byte " + opStart + ": " + what);
    }
}
