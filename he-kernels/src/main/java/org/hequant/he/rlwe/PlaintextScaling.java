package org.hequant.he.rlwe;

import java.math.BigInteger;
import org.hequant.he.math.Modulus;
import org.hequant.he.math.UInt128;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/**
 * Moving between Z_t and Z_q for one (basis, t): encoding computes round(q*m/t) exactly in every RNS
 * limb (Delta*m plus the correction floor((r*m + floor(t/2))/t) with r = q mod t, which matters because
 * t = 2^l never divides q), and decoding computes round(t*x/q) mod t without big integers.
 *
 * <p>Decoding uses the CRT: x = sum_i [x_i * (q/q_i)^-1]_{q_i} * (q/q_i) - v*q, so
 * t*x/q = sum_i x_i * (t * [(q/q_i)^-1]_{q_i} / q_i) - t*v. Each rational constant is split into an
 * integer part (kept mod t) and a 128-bit binary fraction; the fractions are accumulated in 64-bit fixed
 * point with an error below k * 2^-63, far from the 1/2 rounding boundary of any decryptable value.
 */
public final class PlaintextScaling {
    private final RnsBasis basis;
    private final Modulus t;
    private final boolean powerOfTwo;
    private final long tMask;
    private final long[] deltaResidues;
    private final long qModT;
    private final long halfT;
    private final int tTrailingZeros;
    private final long tOddInverse;
    private final long[] integerParts;
    private final long[] fractionHigh;
    private final long[] fractionLow;

    PlaintextScaling(RnsBasis basis, Modulus t) {
        this.basis = basis;
        this.t = t;
        this.powerOfTwo = t.isPowerOfTwo();
        this.tMask = t.value() - 1;
        BigInteger q = basis.product();
        BigInteger bigT = BigInteger.valueOf(t.value());
        BigInteger delta = q.divide(bigT);
        int k = basis.size();
        deltaResidues = new long[k];
        integerParts = new long[k];
        fractionHigh = new long[k];
        fractionLow = new long[k];
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(basis.modulus(i).value());
            deltaResidues[i] = delta.mod(qi).longValue();
            BigInteger punctured = q.divide(qi);
            BigInteger scaled = bigT.multiply(punctured.modInverse(qi));
            BigInteger[] qr = scaled.divideAndRemainder(qi);
            integerParts[i] = qr[0].mod(bigT).longValue();
            BigInteger fraction = qr[1].shiftLeft(128).divide(qi);
            fractionLow[i] = fraction.longValue();
            fractionHigh[i] = fraction.shiftRight(64).longValue();
        }
        qModT = q.mod(bigT).longValue();
        halfT = t.value() >>> 1;
        tTrailingZeros = Long.numberOfTrailingZeros(t.value());
        long odd = t.value() >>> tTrailingZeros;
        tOddInverse = BigInteger.valueOf(odd).modInverse(BigInteger.ONE.shiftLeft(64)).longValue();
    }

    public Modulus plainModulus() {
        return t;
    }

    public RnsBasis basis() {
        return basis;
    }

    /** floor((r*m + floor(t/2)) / t) for m in [0, t): the rounding correction of round(q*m/t). */
    private long correction(long m) {
        long lo = qModT * m;
        long hi = UInt128.mulHigh(qModT, m);
        long sum = lo + halfT;
        hi += UInt128.lessThan(sum, lo) ? 1 : 0;
        // The numerator minus its remainder is an exact multiple of t = 2^z * odd: shift out 2^z, then
        // divide by odd with its inverse mod 2^64 (exact because the quotient is below t < 2^64).
        long remainder = t.reduce128(hi, sum);
        long exactLo = sum - remainder;
        long exactHi = hi - (UInt128.lessThan(sum, remainder) ? 1 : 0);
        int z = tTrailingZeros;
        long shifted = z == 0 ? exactLo : (exactLo >>> z) | (exactHi << (64 - z));
        return shifted * tOddInverse;
    }

    /**
     * Adds (or subtracts) round(q*m/t) to a coefficient-form polynomial over this basis; m holds values
     * in [0, t). This is how messages enter ciphertexts and how a plaintext is added to one.
     */
    public void addScaled(long[] m, RnsPoly target, boolean subtract) {
        if (target.isNtt()) {
            throw new IllegalArgumentException("scaled plaintexts are added in coefficient form");
        }
        int n = target.degree();
        long[] fix = new long[n];
        for (int j = 0; j < n; j++) {
            fix[j] = correction(m[j]);
        }
        for (int i = 0; i < basis.size(); i++) {
            Modulus qi = basis.modulus(i);
            long d = deltaResidues[i];
            long ds = qi.shoupQuotient(d);
            long q = qi.value();
            long[] limb = target.limb(i);
            for (int j = 0; j < n; j++) {
                long v = Modulus.shoupMulLazy(qi.reduce(m[j]), d, ds, q);
                v -= v >= q ? q : 0;
                v = qi.add(v, qi.reduce(fix[j]));
                limb[j] = subtract ? qi.sub(limb[j], v) : qi.add(limb[j], v);
            }
        }
    }

    /** Decodes every coefficient, limb by limb so that each pass streams through one array. */
    public long[] decode(RnsPoly x) {
        int n = x.degree();
        long[] integer = new long[n];
        long[] fraction = new long[n];
        for (int i = 0; i < deltaResidues.length; i++) {
            accumulate(i, x.limb(i), integer, fraction);
        }
        for (int j = 0; j < n; j++) {
            integer[j] = finish(integer[j], fraction[j]);
        }
        return integer;
    }

    /**
     * Adds limb i's share of t*x/q: x * (integer part) plus the carry out of x * (fraction part) into
     * integer[j], and the fractional bits into fraction[j].
     */
    private void accumulate(int i, long[] limb, long[] integer, long[] fraction) {
        final long fh = fractionHigh[i];
        final long fl = fractionLow[i];
        final long ip = integerParts[i];
        for (int j = 0; j < limb.length; j++) {
            long xi = limb[j];
            long wholeHigh = UInt128.mulHigh(xi, fh);
            long partLow = xi * fh;
            long partFraction = partLow + UInt128.mulHigh(xi, fl);
            long carry = UInt128.lessThan(partFraction, partLow) ? 1 : 0;
            long previous = fraction[j];
            long sum = previous + partFraction;
            carry += UInt128.lessThan(sum, previous) ? 1 : 0;
            fraction[j] = sum;
            long whole = wholeHigh + carry;
            if (powerOfTwo) {
                // Wrapping arithmetic is exact modulo 2^64 and hence modulo t = 2^l.
                integer[j] += xi * ip + whole;
            } else {
                integer[j] = t.reduce(t.add(integer[j], t.mul(xi, ip)) + whole);
            }
        }
    }

    private long finish(long integer, long fraction) {
        long rounded = integer + (fraction < 0 ? 1 : 0);
        return powerOfTwo ? rounded & tMask : t.reduce(rounded);
    }
}
