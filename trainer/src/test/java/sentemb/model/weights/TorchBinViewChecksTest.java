package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * View metadata that PyTorch refuses is refused here too, with the tensor named (issue 10, 6):
 * a negative storage offset, and strides whose span overflows 64 bits (torch's as_strided
 * checks with overflow-checked arithmetic); negative sizes and strides were refused already.
 * The archives are hand-built: one float storage of 4 values, one tensor 'w' viewing it.
 */
class TorchBinViewChecksTest {
    @TempDir
    Path tmp;

    @Test
    void aValidHandBuiltViewReads() throws Exception {
        Path f = archive(0, new long[] {2, 2}, new long[] {1, 2}); // the transpose of [[0,1],[2,3]]
        assertArrayEquals(new float[] {0, 2, 1, 3}, TorchBinReader.readAll(f).get("w").data());
    }

    @Test
    void overflowingStridesAreRefused() throws Exception {
        Path f = archive(0, new long[] {2, 2}, new long[] {1L << 62, 1L << 62});
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchBinReader.readAll(f));
        assertTrue(e.getMessage().contains("tensor 'w' in " + f) && e.getMessage().contains("overflow"), e.getMessage());
    }

    @Test
    void negativeStorageOffsetIsRefused() throws Exception {
        Path f = archive(-1, new long[] {2}, new long[] {1});
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchBinReader.readAll(f));
        assertTrue(e.getMessage().contains("tensor 'w' in " + f) && e.getMessage().contains("storage offset -1"), e.getMessage());
    }

    @Test
    void negativeSizesAndStridesAreRefused() throws Exception {
        Path size = archive(0, new long[] {-2}, new long[] {1});
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchBinReader.readAll(size));
        assertTrue(e.getMessage().contains("negative size"), e.getMessage()); // the unpickler already refuses these
        Path stride = archive(3, new long[] {2}, new long[] {-1});
        e = assertThrows(WeightFormatException.class, () -> TorchBinReader.readAll(stride));
        assertTrue(e.getMessage().contains("negative stride"), e.getMessage());
    }

    /** A torch.save-style zip: {'w': _rebuild_tensor_v2(FloatStorage '0' of 4, offset, size, stride, False, OrderedDict())}. */
    private Path archive(long offset, long[] size, long[] stride) throws Exception {
        ByteArrayOutputStream pkl = new ByteArrayOutputStream();
        put(pkl, 0x80, 2, "}", str("w"), "ctorch._utils\n_rebuild_tensor_v2\n", "(", "(", str("storage"), "ctorch\nFloatStorage\n",
                str("0"), str("cpu"), long1(4), "t", "Q", long1(offset));
        put(pkl, "(");
        for (long s : size) {
            put(pkl, long1(s));
        }
        put(pkl, "t", "(");
        for (long s : stride) {
            put(pkl, long1(s));
        }
        put(pkl, "t", 0x89, "ccollections\nOrderedDict\n", ")", "R", "t", "R", "s", ".");
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            data.putFloat(i);
        }
        Path f = Files.createTempFile(tmp, "view-", ".bin");
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("t/data.pkl"));
            zip.write(pkl.toByteArray());
            zip.putNextEntry(new ZipEntry("t/data/0"));
            zip.write(data.array());
            zip.closeEntry();
        }
        return f;
    }

    private static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + b.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'X').putInt(b.length).put(b).array();
    }

    /** LONG1: opcode 0x8a, a length byte, the two's-complement value little-endian. */
    private static byte[] long1(long v) {
        byte[] be = BigInteger.valueOf(v).toByteArray();
        byte[] out = new byte[2 + be.length];
        out[0] = (byte) 0x8a;
        out[1] = (byte) be.length;
        for (int i = 0; i < be.length; i++) {
            out[2 + i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static void put(ByteArrayOutputStream out, Object... parts) {
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else if (p instanceof Integer i) {
                out.write(i);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
    }
}
