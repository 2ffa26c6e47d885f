package org.hequant.models.ir;

/** The integer type of a tensor: b bits, signed (two's complement range) or unsigned. */
public record ValueRange(int bits, boolean signed) {
    public ValueRange {
        if (bits < 1 || bits > 62) {
            throw new IllegalArgumentException("tensor bit width must be in [1, 62], got " + bits);
        }
    }

    public long min() {
        return signed ? -(1L << (bits - 1)) : 0;
    }

    public long max() {
        return signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
    }

    /** Bits of a signed integer holding any value of magnitude up to {@code bound} (1 for 0). */
    public static int signedBits(long bound) {
        return 64 - Long.numberOfLeadingZeros(bound) + 1;
    }

    /** The largest magnitude a value can have. */
    public long maxAbs() {
        return Math.max(Math.abs(min()), max());
    }

    @Override
    public String toString() {
        return (signed ? "int" : "uint") + bits;
    }
}
