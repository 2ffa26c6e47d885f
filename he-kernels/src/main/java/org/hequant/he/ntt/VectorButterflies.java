package org.hequant.he.ntt;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The NTT stages whose gap holds a whole vector, eight butterflies at a time (AVX-512) through the Vector
 * API: the same Harvey-lazy arithmetic as {@link NttTables}' scalar stages, value for value. The API has no
 * 64 x 64 -> 128-bit product, so the Shoup quotient's high word is put together from four 32 x 32-bit
 * products, which the vector units still run several times faster than one scalar 128-bit multiply per
 * lane. {@link NttTables} loads this class only where the incubator module is resolved, so that a JVM
 * without it never touches the class.
 */
final class VectorButterflies {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_512;
    static final int LANES = 8;
    private static final long LOW = 0xFFFFFFFFL;

    private VectorButterflies() {
    }

    /** Below 512 bits the API would emulate the 64-bit lane products slowly. */
    static boolean wideVectors() {
        return LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    /**
     * w*x mod q in [0, 2q) for x below 2^62, lane by lane ({@code Modulus.shoupMulLazy}); w's Shoup quotient
     * comes split in 32-bit halves. Static with vector arguments rather than a record of them: with a record
     * C2 kept the vectors boxed (34.3 against 25.6 us per N = 4096 forward transform).
     */
    private static LongVector mulLazy(LongVector x, LongVector w, LongVector shoupLow, LongVector shoupHigh,
            LongVector q) {
        LongVector x2 = x.lanewise(VectorOperators.LSHL, 1);
        LongVector xl = x2.and(LOW);
        LongVector xh = x2.lanewise(VectorOperators.LSHR, 32);
        LongVector ll = xl.mul(shoupLow);
        LongVector mid = xh.mul(shoupLow).add(ll.lanewise(VectorOperators.LSHR, 32));
        LongVector mid2 = xl.mul(shoupHigh).add(mid.and(LOW));
        LongVector quotient = xh.mul(shoupHigh).add(mid.lanewise(VectorOperators.LSHR, 32))
                .add(mid2.lanewise(VectorOperators.LSHR, 32));
        return x.mul(w).sub(quotient.mul(q));
    }

    private static LongVector low(long shoup) {
        return LongVector.broadcast(SPECIES, shoup & LOW);
    }

    private static LongVector high(long shoup) {
        return LongVector.broadcast(SPECIES, shoup >>> 32);
    }

    /** x brought from [0, 2 bound) below bound, lane by lane. */
    private static LongVector reduceOnce(LongVector x, LongVector bound) {
        LongVector d = x.sub(bound);
        return d.add(d.lanewise(VectorOperators.ASHR, 63).and(bound));
    }

    /**
     * One group of a stage: Cooley-Tukey for the forward transform (values in [0, 4q)), Gentleman-Sande for
     * the inverse (values in [0, 2q)). C2 hoists the test on {@code inverse} out of the loop.
     */
    static void group(long[] a, int start, int gap, long w, long shoup, long q, boolean inverse) {
        LongVector wv = LongVector.broadcast(SPECIES, w);
        LongVector wl = low(shoup);
        LongVector wh = high(shoup);
        LongVector qv = LongVector.broadcast(SPECIES, q);
        LongVector twoQ = LongVector.broadcast(SPECIES, 2 * q);
        for (int j = start, end = start + gap; j < end; j += LANES) {
            LongVector x = LongVector.fromArray(SPECIES, a, j);
            LongVector y = LongVector.fromArray(SPECIES, a, j + gap);
            if (inverse) {
                reduceOnce(x.add(y), twoQ).intoArray(a, j);
                mulLazy(x.sub(y).add(twoQ), wv, wl, wh, qv).intoArray(a, j + gap);
            } else {
                LongVector xr = reduceOnce(x, twoQ);
                LongVector yw = mulLazy(y, wv, wl, wh, qv);
                xr.add(yw).intoArray(a, j);
                xr.sub(yw).add(twoQ).intoArray(a, j + gap);
            }
        }
    }

    /**
     * The last Gentleman-Sande stage with N^-1 folded into both outputs (w times N^-1 for the difference),
     * reduced below {@code bound} (q or 2q).
     */
    static void inverseLastStage(long[] a, int gap, long nInv, long nInvShoup, long w, long wShoup, long q,
            long bound) {
        LongVector nv = LongVector.broadcast(SPECIES, nInv);
        LongVector nl = low(nInvShoup);
        LongVector nh = high(nInvShoup);
        LongVector wv = LongVector.broadcast(SPECIES, w);
        LongVector wl = low(wShoup);
        LongVector wh = high(wShoup);
        LongVector qv = LongVector.broadcast(SPECIES, q);
        LongVector twoQ = LongVector.broadcast(SPECIES, 2 * q);
        LongVector b = LongVector.broadcast(SPECIES, bound);
        for (int j = 0; j < gap; j += LANES) {
            LongVector x = LongVector.fromArray(SPECIES, a, j);
            LongVector y = LongVector.fromArray(SPECIES, a, j + gap);
            reduceOnce(mulLazy(x.add(y), nv, nl, nh, qv), b).intoArray(a, j);
            reduceOnce(mulLazy(x.sub(y).add(twoQ), wv, wl, wh, qv), b).intoArray(a, j + gap);
        }
    }
}
