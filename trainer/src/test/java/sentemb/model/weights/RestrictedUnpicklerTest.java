package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-assembled pickles (opcode bytes from the pickle protocol definition). */
class RestrictedUnpicklerTest {

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else if (p instanceof Integer i) {
                out.write(i);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    private static Object load(Object... parts) {
        return RestrictedUnpickler.load(bytes(parts), "test.pkl");
    }

    @Test
    void scalarsListsAndDicts() {
        // {'a': -1, 'b': -32768 (LONG1), 'c': 513 (BININT2), 'd': [1.5, None, True], 'e': ('x',)}
        Object o = load(0x80, 2, "}", "q", 0, "(",
                "X", new byte[] {1, 0, 0, 0}, "a", "J", new byte[] {-1, -1, -1, -1},
                0x8c, 1, "b", 0x8a, 2, new byte[] {0x00, (byte) 0x80},
                "U", 1, "c", "M", new byte[] {1, 2},
                "X", new byte[] {1, 0, 0, 0}, "d", "]", "(", "G", new byte[] {0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0},
                "N", 0x88, "e",
                "X", new byte[] {1, 0, 0, 0}, "e", 0x8c, 1, "x", 0x85,
                "u", ".");
        Map<?, ?> m = (Map<?, ?>) o;
        assertEquals(-1L, m.get("a"));
        assertEquals(-32768L, m.get("b"));
        assertEquals(513L, m.get("c"));
        List<?> d = (List<?>) m.get("d");
        assertEquals(1.5, d.get(0));
        assertEquals(RestrictedUnpickler.NONE, d.get(1));
        assertEquals(Boolean.TRUE, d.get(2));
        assertEquals(List.of("x"), ((RestrictedUnpickler.Tuple) m.get("e")).items());
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(m.keySet()));
    }

    @Test
    void memoAndOrderedDictReduce() {
        // OrderedDict() twice via the memoised global, the second one BUILD with a state dict
        Object o = load(0x80, 2, "ccollections\nOrderedDict\n", "q", 0, ")", "R", "q", 1,
                "X", new byte[] {1, 0, 0, 0}, "k", "h", 0, ")", "R", "}", "b", "s", ".");
        Map<?, ?> m = (Map<?, ?>) o;
        assertTrue(m.get("k") instanceof Map);
    }

    @Test
    void rebuildsTensorViews() {
        // _rebuild_tensor_v2(pid(storage FloatStorage '0' cpu 12), 2, (2, 3), (1, 2), False, OrderedDict())
        Object o = load(0x80, 2, "ctorch._utils\n_rebuild_tensor_v2\n", "(", "(",
                "X", new byte[] {7, 0, 0, 0}, "storage", "ctorch\nFloatStorage\n",
                "X", new byte[] {1, 0, 0, 0}, "0", "X", new byte[] {3, 0, 0, 0}, "cpu", "K", 12, "t", "Q",
                "K", 2, "K", 2, "K", 3, 0x86, "K", 1, "K", 2, 0x86, 0x89,
                "ccollections\nOrderedDict\n", ")", "R", "t", "R", ".");
        RestrictedUnpickler.TensorRef t = (RestrictedUnpickler.TensorRef) o;
        assertEquals(DType.F32, t.storage().dtype());
        assertEquals(12, t.storage().numel());
        assertEquals(2, t.offset());
        assertArrayEquals(new long[] {2, 3}, t.size());
        assertArrayEquals(new long[] {1, 2}, t.stride());
        assertTrue(!t.contiguous());
    }

    @Test
    void gatherFollowsStrides() {
        float[] raw = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        float[] out = new float[6];
        TorchBinReader.gather(raw, new long[] {3, 2}, new long[] {1, 4}, out); // a transposed 2x4 block
        assertArrayEquals(new float[] {0, 4, 1, 5, 2, 6}, out);
        out = new float[4];
        TorchBinReader.gather(raw, new long[] {4}, new long[] {3}, out);
        assertArrayEquals(new float[] {0, 3, 6, 9}, out);
    }

    @Test
    void refusesGlobalsOutsideTheAllowList() {
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> load(0x80, 2, "ctorch._utils\n_rebuild_tensor\n", "."));
        assertEquals("refusing to unpickle torch._utils._rebuild_tensor in test.pkl: only tensors, storages and "
                + "ordered dicts are allowed", e.getMessage());
        e = assertThrows(WeightFormatException.class, () -> load(0x80, 2, "c__builtin__\neval\n", "."));
        assertTrue(e.getMessage().contains("__builtin__.eval"), e.getMessage());
    }

    @Test
    void refusesObjectBuildingOpcodes() {
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> load(0x80, 2, "(", "ios\nsystem\n", "."));
        assertTrue(e.getMessage().contains("opcode 0x69"), e.getMessage());
        e = assertThrows(WeightFormatException.class, () -> load(0x80, 2, ")", 0x81, "."));
        assertTrue(e.getMessage().contains("opcode 0x81"), e.getMessage());
        // a storage class may only be named in a persistent id, never called
        e = assertThrows(WeightFormatException.class, () -> load(0x80, 2, "ctorch\nFloatStorage\n", ")", "R", "."));
        assertTrue(e.getMessage().contains("torch.FloatStorage"), e.getMessage());
        // BUILD on anything but a dict
        e = assertThrows(WeightFormatException.class, () -> load(0x80, 2, "]", "}", "b", "."));
        assertTrue(e.getMessage().contains("BUILD"), e.getMessage());
    }

    @Test
    void malformedPicklesAreRefused() {
        assertThrows(WeightFormatException.class, () -> load(0x80, 2, "}"));          // no STOP
        assertThrows(WeightFormatException.class, () -> load(0x80, 2, "X", new byte[] {9, 0, 0, 0}, "ab"));
        assertThrows(WeightFormatException.class, () -> load(0x80, 2, "h", 5, "."));  // memo never stored
        assertThrows(WeightFormatException.class, () -> load(0x80, 2, "s", "."));     // stack underflow
        assertThrows(WeightFormatException.class, () -> load(0x80, 9, "N", "."));     // protocol
    }
}
