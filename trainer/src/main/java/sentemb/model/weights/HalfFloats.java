package sentemb.model.weights;

/**
 * IEEE binary16 (fp16) and bfloat16 conversions to and from fp32, bit-exact with PyTorch's
 * CPU conversions (round to nearest even; NaN read from fp16 comes back quiet, as the x86
 * F16C instructions and c10 produce it). Written out because {@code Float.float16ToFloat}
 * only exists from Java 20, and because DJL must never see a bf16 array (DESIGN.md 4).
 */
public final class HalfFloats {

    private HalfFloats() {}

    /** fp16 bits to fp32, including subnormals, infinities and NaN. */
    public static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            // infinity keeps a zero mantissa; NaN keeps its payload and gets the quiet bit
            return Float.intBitsToFloat(mant == 0 ? sign | 0x7F800000 : sign | 0x7FC00000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: mant * 2^-24; shift the leading one into the implicit-bit position
            int shift = Integer.numberOfLeadingZeros(mant) - 21;
            int exp32 = 113 - shift;
            return Float.intBitsToFloat(sign | (exp32 << 23) | (((mant << shift) & 0x3FF) << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** fp32 to fp16 bits, rounding to nearest even; overflow gives infinity, NaN gives 0x7E00 with the sign. */
    public static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (mant != 0 ? sign | 0x7E00 : sign | 0x7C00);
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to (signed) zero
            }
            int full = mant | 0x800000;
            int shift = 14 - e;
            int result = full >>> shift;
            int rest = full & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (result & 1) != 0)) {
                result++; // may carry into the smallest normal, which is the right encoding
            }
            return (short) (sign | result);
        }
        int result = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (result & 1) != 0)) {
            result++; // a carry into the exponent is correct, up to infinity
        }
        return (short) (sign | result);
    }

    /** bf16 bits to fp32: the upper half of an fp32. */
    public static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    /** fp32 to bf16 bits, rounding to nearest even; NaN gives 0x7FC0 with the sign. */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7F800000) == 0x7F800000 && (bits & 0x7FFFFF) != 0) {
            return (short) (((bits >>> 16) & 0x8000) | 0x7FC0);
        }
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }
}
