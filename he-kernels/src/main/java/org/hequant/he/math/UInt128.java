package org.hequant.he.math;

/**
 * Unsigned 64x64 -> 128-bit helpers. Java 17 has {@link Math#multiplyHigh} (signed) but not yet
 * {@code Math.unsignedMultiplyHigh} (JDK 18), so the unsigned high word is derived from the signed one.
 */
public final class UInt128 {
    private UInt128() {
    }

    /** High 64 bits of the unsigned product a*b. */
    public static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** True when a < b as unsigned 64-bit values. */
    public static boolean lessThan(long a, long b) {
        return (a ^ Long.MIN_VALUE) < (b ^ Long.MIN_VALUE);
    }
}
