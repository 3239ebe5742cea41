package sentemb.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    private static int bits(float f) {
        return Float.floatToRawIntBits(f);
    }

    /** Hand-computed fp16 encodings (sign | 5-bit exponent, bias 15 | 10-bit mantissa). */
    @Test
    void halfToFloatHandComputed() {
        assertEquals(1.0f, HalfFloats.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, HalfFloats.halfToFloat((short) 0xC000));
        assertEquals(65504.0f, HalfFloats.halfToFloat((short) 0x7BFF)); // largest finite
        assertEquals(0x1p-14f, HalfFloats.halfToFloat((short) 0x0400)); // smallest normal
        assertEquals(0x1p-24f, HalfFloats.halfToFloat((short) 0x0001)); // smallest subnormal
        assertEquals(0x3FFp-24f, HalfFloats.halfToFloat((short) 0x03FF)); // largest subnormal
        assertEquals(-0x1p-24f * 3, HalfFloats.halfToFloat((short) 0x8003));
        assertEquals(0x8000_0000, bits(HalfFloats.halfToFloat((short) 0x8000))); // -0
        assertEquals(0, bits(HalfFloats.halfToFloat((short) 0x0000)));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.halfToFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.halfToFloat((short) 0xFC00));
        assertEquals(0x7FC0_0000, bits(HalfFloats.halfToFloat((short) 0x7E00))); // quiet NaN
        assertEquals(0x7FC0_2000, bits(HalfFloats.halfToFloat((short) 0x7C01))); // signalling -> quiet, payload kept
        assertEquals(0xFFC0_2000, bits(HalfFloats.halfToFloat((short) 0xFC01)));
        assertEquals(0.333251953125f, HalfFloats.halfToFloat((short) 0x3555)); // (1 + 341/1024) * 2^-2
    }

    @Test
    void floatToHalfHandComputed() {
        assertEquals(0x3C00, HalfFloats.floatToHalf(1.0f) & 0xFFFF);
        assertEquals(0x8000, HalfFloats.floatToHalf(-0.0f) & 0xFFFF);
        assertEquals(0x7BFF, HalfFloats.floatToHalf(65504f) & 0xFFFF);
        assertEquals(0x7BFF, HalfFloats.floatToHalf(65519.99f) & 0xFFFF); // below the rounding midpoint
        assertEquals(0x7C00, HalfFloats.floatToHalf(65520f) & 0xFFFF); // midpoint, rounds (to even) to inf
        assertEquals(0x0001, HalfFloats.floatToHalf(0x1p-24f) & 0xFFFF);
        assertEquals(0x0000, HalfFloats.floatToHalf(0x1p-25f) & 0xFFFF); // tie between 0 and 2^-24: even = 0
        assertEquals(0x0002, HalfFloats.floatToHalf(0x3p-25f) & 0xFFFF); // tie between 1 and 2 ulps: even = 2
        assertEquals(0x0001, HalfFloats.floatToHalf(0x1.000002p-25f) & 0xFFFF); // just above the tie
        assertEquals(0x0400, HalfFloats.floatToHalf(0x1p-14f - 0x1p-25f) & 0xFFFF); // carries into smallest normal
        assertEquals(0x3C00, HalfFloats.floatToHalf(1 + 0x1p-11f) & 0xFFFF); // tie, even mantissa stays
        assertEquals(0x3C02, HalfFloats.floatToHalf(1 + 0x3p-11f) & 0xFFFF); // tie, odd mantissa rounds up
        assertEquals(0x7C00, HalfFloats.floatToHalf(Float.POSITIVE_INFINITY) & 0xFFFF);
        assertEquals(0xFC00, HalfFloats.floatToHalf(-1e6f) & 0xFFFF);
        assertEquals(0x7E00, HalfFloats.floatToHalf(Float.NaN) & 0xFFFF);
        assertEquals(0x0000, HalfFloats.floatToHalf(Float.MIN_VALUE) & 0xFFFF);
    }

    @Test
    void bf16HandComputed() {
        assertEquals(1.0f, HalfFloats.bf16ToFloat((short) 0x3F80));
        assertEquals(-0x1.02p0f, HalfFloats.bf16ToFloat((short) 0xBF81));
        assertEquals(0x8000_0000, bits(HalfFloats.bf16ToFloat((short) 0x8000)));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.bf16ToFloat((short) 0xFF80));
        assertEquals(0x0001_0000, bits(HalfFloats.bf16ToFloat((short) 0x0001))); // subnormal
        assertEquals(0x7F81_0000, bits(HalfFloats.bf16ToFloat((short) 0x7F81))); // NaN payload kept
        assertEquals(0x3F80, HalfFloats.floatToBf16(Float.intBitsToFloat(0x3F80_8000)) & 0xFFFF); // tie -> even
        assertEquals(0x3F82, HalfFloats.floatToBf16(Float.intBitsToFloat(0x3F81_8000)) & 0xFFFF); // tie -> even
        assertEquals(0x3F81, HalfFloats.floatToBf16(Float.intBitsToFloat(0x3F80_8001)) & 0xFFFF);
        assertEquals(0x7F80, HalfFloats.floatToBf16(Float.MAX_VALUE) & 0xFFFF); // overflow to inf
        assertEquals(0xFFC0, HalfFloats.floatToBf16(Float.intBitsToFloat(0xFF80_0001)) & 0xFFFF);
    }

    /** Every fp16 and bf16 pattern widens exactly as torch widens it (hash written by the fixture script). */
    @Test
    void allHalfPatternsMatchTorch() throws Exception {
        JsonNode ref = OptFixtures.json(OptFixtures.dir().resolve("dtype_conversions.json"));
        ByteBuffer h = ByteBuffer.allocate(65536 * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.allocate(65536 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 65536; i++) {
            h.putInt(bits(HalfFloats.halfToFloat((short) i)));
            b.putInt(bits(HalfFloats.bf16ToFloat((short) i)));
        }
        assertEquals(ref.get("f16_all_to_f32_sha256").asText(), sha256(h.array()));
        assertEquals(ref.get("bf16_all_to_f32_sha256").asText(), sha256(b.array()));
    }

    /** fp32 -> fp16/bf16 rounding matches torch over 65536 spread bit patterns. */
    @Test
    void floatPatternsRoundLikeTorch() throws Exception {
        JsonNode ref = OptFixtures.json(OptFixtures.dir().resolve("dtype_conversions.json"));
        int count = ref.get("f32_pattern_count").asInt();
        int mul = ref.get("f32_pattern_multiplier").asInt();
        ByteBuffer h = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        int nonNan = 0;
        for (int k = 0; k < count; k++) {
            float f = Float.intBitsToFloat(k * mul);
            h.putShort(HalfFloats.floatToHalf(f));
            if (!Float.isNaN(f)) {
                b.putShort(HalfFloats.floatToBf16(f));
                nonNan++;
            }
        }
        assertTrue(nonNan < count, "the pattern set should contain NaNs");
        byte[] bb = new byte[nonNan * 2];
        b.flip().get(bb);
        assertEquals(ref.get("f32_patterns_to_f16_sha256").asText(), sha256(h.array()));
        assertEquals(ref.get("f32_patterns_non_nan_to_bf16_sha256").asText(), sha256(bb));
    }

    @Test
    void specialValuesMatchTorch() throws Exception {
        JsonNode ref = OptFixtures.json(OptFixtures.dir().resolve("dtype_conversions.json"));
        for (JsonNode row : ref.get("special")) {
            float f = Float.intBitsToFloat(Integer.parseUnsignedInt(row.get("f32").asText(), 16));
            String what = "f32 " + row.get("f32").asText();
            short half = HalfFloats.floatToHalf(f);
            short bf = HalfFloats.floatToBf16(f);
            assertEquals(row.get("f16").asText(), String.format("%04x", half & 0xFFFF), what + " -> f16");
            assertEquals(row.get("bf16").asText(), String.format("%04x", bf & 0xFFFF), what + " -> bf16");
            assertEquals(row.get("f16_back").asText(), String.format("%08x", bits(HalfFloats.halfToFloat(half))));
            assertEquals(row.get("bf16_back").asText(), String.format("%08x", bits(HalfFloats.bf16ToFloat(bf))));
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
