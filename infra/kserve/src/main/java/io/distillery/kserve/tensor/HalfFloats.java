package io.distillery.kserve.tensor;

/**
 * Conversions between {@code float} and the two 16-bit float formats, rounding to nearest even.
 * Java 17 has no {@code Float.floatToFloat16}, so the bit arithmetic lives here.
 */
public final class HalfFloats {

  private HalfFloats() {}

  /** The IEEE 754 binary16 bits nearest to {@code value} (NaN stays NaN, overflow is infinity). */
  public static short toFp16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xFF;
    int mantissa = bits & 0x7FFFFF;
    if (exponent == 0xFF) {
      return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
    }
    int halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (halfExponent <= 0) {
      if (halfExponent < -10) {
        return (short) sign;
      }
      int full = mantissa | 0x800000;
      int shift = 14 - halfExponent;
      return (short) (sign | roundShift(full, shift));
    }
    int rounded = (halfExponent << 10) + roundShift(mantissa, 13);
    return (short) (sign | rounded);
  }

  /** The float value of IEEE 754 binary16 {@code bits} (exact). */
  public static float fromFp16(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }

  /** The bfloat16 bits nearest to {@code value} (NaN stays NaN). */
  public static short toBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int lsb = (bits >>> 16) & 1;
    return (short) ((bits + 0x7FFF + lsb) >>> 16);
  }

  /** The float value of bfloat16 {@code bits} (exact). */
  public static float fromBf16(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** {@code value >> shift}, rounded to nearest with ties to even. */
  private static int roundShift(int value, int shift) {
    int half = 1 << (shift - 1);
    int remainder = value & ((1 << shift) - 1);
    int result = value >>> shift;
    if (remainder > half || (remainder == half && (result & 1) == 1)) {
      result++;
    }
    return result;
  }
}
