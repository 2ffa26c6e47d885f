package org.hequant.he.math;

import java.math.BigInteger;

/**
 * An integer modulus 2 &lt;= m &lt; 2^62 with precomputed Barrett constants (floor(2^128 / m) as two
 * words), so that any 128-bit value reduces with three high products and one conditional subtraction.
 * Used for NTT primes as well as for plaintext moduli t (which may be even, e.g. 2^37).
 */
public final class Modulus {
    /** Largest supported modulus bit length: lazy NTT values live in [0, 4m) and must stay below 2^63. */
    public static final int MAX_BITS = 61;

    private final long value;
    private final int bitLength;
    private final long ratioHigh;
    private final long ratioLow;

    public Modulus(long value) {
        if (value < 2 || 64 - Long.numberOfLeadingZeros(value) > MAX_BITS) {
            throw new IllegalArgumentException(
                    "modulus must be in [2, 2^" + MAX_BITS + "), got " + Long.toUnsignedString(value));
        }
        this.value = value;
        this.bitLength = 64 - Long.numberOfLeadingZeros(value);
        BigInteger ratio = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(value));
        this.ratioLow = ratio.longValue();
        this.ratioHigh = ratio.shiftRight(64).longValue();
    }

    public long value() {
        return value;
    }

    public int bitLength() {
        return bitLength;
    }

    public boolean isPowerOfTwo() {
        return Long.bitCount(value) == 1;
    }

    /** (hi * 2^64 + lo) mod m for an unsigned 128-bit input. */
    public long reduce128(long hi, long lo) {
        // q = floor(x * ratio / 2^128), computed from the four partial products of x and ratio.
        long carry = UInt128.mulHigh(lo, ratioLow);
        long midLo = lo * ratioHigh;
        long midHi = UInt128.mulHigh(lo, ratioHigh);
        long sum = midLo + carry;
        long sumCarry = UInt128.lessThan(sum, midLo) ? 1 : 0;
        long cross = hi * ratioLow;
        long crossHi = UInt128.mulHigh(hi, ratioLow);
        long sum2 = sum + cross;
        long sum2Carry = UInt128.lessThan(sum2, sum) ? 1 : 0;
        long quotient = hi * ratioHigh + midHi + sumCarry + crossHi + sum2Carry;
        long r = lo - quotient * value;
        return r >= value ? r - value : r;
    }

    /** x mod m for an unsigned 64-bit x. */
    public long reduce(long x) {
        long quotient = UInt128.mulHigh(x, ratioHigh);
        long r = x - quotient * value;
        return r >= value ? r - value : r;
    }

    /** a*b mod m for unsigned a, b (need not be reduced). */
    public long mul(long a, long b) {
        return reduce128(UInt128.mulHigh(a, b), a * b);
    }

    /** a+b mod m for a, b in [0, m). */
    public long add(long a, long b) {
        long s = a + b;
        return s >= value ? s - value : s;
    }

    /** a-b mod m for a, b in [0, m). */
    public long sub(long a, long b) {
        long d = a - b;
        return d < 0 ? d + value : d;
    }

    public long negate(long a) {
        return a == 0 ? 0 : value - a;
    }

    public long pow(long base, long exponent) {
        long result = 1 % value;
        long b = reduce(base);
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result = mul(result, b);
            }
            b = mul(b, b);
            e >>>= 1;
        }
        return result;
    }

    /** Multiplicative inverse of a (requires gcd(a, m) = 1). */
    public long inverse(long a) {
        return BigInteger.valueOf(reduce(a)).modInverse(BigInteger.valueOf(value)).longValue();
    }

    /** Reduces a signed value into [0, m). */
    public long fromSigned(long x) {
        long r = x % value;
        return r < 0 ? r + value : r;
    }

    /** Centered representative in (-m/2, m/2]. */
    public long toCentered(long x) {
        return x > (value >>> 1) ? x - value : x;
    }

    /**
     * Shoup quotient floor(w * 2^63 / m) for a constant multiplicand w in [0, m). Scaling by 2^63 rather
     * than 2^64 keeps it a positive long, so one signed {@link Math#multiplyHigh} suffices per product.
     */
    public long shoupQuotient(long w) {
        // w * floor(2^128/m) / 2^64 undershoots floor(w * 2^64 / m) by at most one; the remainder tells.
        long estimate = w * ratioHigh + UInt128.mulHigh(w, ratioLow);
        long remainder = -estimate * value;
        long quotient64 = UInt128.lessThan(remainder, value) ? estimate : estimate + 1;
        return quotient64 >>> 1;
    }

    /**
     * w*x mod m as a value in [0, 2m), given w's Shoup quotient; x may be any value below 2^62.
     * The quotient estimate floor(wShoup * x / 2^63) is at most one below floor(w*x/m) because
     * x / 2^63 &lt; 1/2.
     */
    public static long shoupMulLazy(long x, long w, long wShoup, long m) {
        return w * x - Math.multiplyHigh(wShoup, x << 1) * m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Modulus other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(value);
    }
}
