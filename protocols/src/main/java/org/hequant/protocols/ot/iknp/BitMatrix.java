package org.hequant.protocols.ot.iknp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The transpose at the heart of IKNP: the extension works on 128 columns of n bits (one per base OT),
 * while each extended OT needs its 128-bit row. Bits are moved 64 x 64 blocks at a time with the
 * recursive block-swap technique (six rounds of masked shifts over 64 words), which costs a few
 * operations per word instead of one per bit.
 *
 * <p>The matrix comes as bytes because that is what AES-CTR writes: the extension expands each strip of
 * a few thousand OTs straight into a cache-resident buffer and transposes it from there, instead of
 * staging the whole chunk through long arrays in main memory.
 */
public final class BitMatrix {
    /** Rows of the wide matrix: one per base OT. */
    public static final int ROWS = 128;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long M32 = 0x00000000FFFFFFFFL;
    private static final long M16 = 0x0000FFFF0000FFFFL;
    private static final long M8 = 0x00FF00FF00FF00FFL;
    private static final long M4 = 0x0F0F0F0F0F0F0F0FL;
    private static final long M2 = 0x3333333333333333L;
    private static final long M1 = 0x5555555555555555L;

    private BitMatrix() {
    }

    /**
     * Transposes a 128 x (64 * words) bit matrix. Row r occupies bytes {@code [r * rowBytes, r * rowBytes + 8 * words)}
     * of {@code strip}, bit c of the row being bit (c mod 64) of the little-endian word c / 64. The result holds,
     * for column c, the 128 bits of that column as two words {@code out[2c]} (rows 0..63) and {@code out[2c + 1]}
     * (rows 64..127).
     *
     * <p>Round j swaps the off-diagonal j x j sub-blocks of every 2j x 2j block; the rounds commute, and rounds
     * 32, 16, 8 only mix words 8 apart while rounds 4, 2, 1 only mix words within an aligned group of 8. So each
     * 64 x 64 block takes two passes of 8 words held in locals: the first gathers straight from the rows, the
     * second scatters straight into {@code out}, with one 64-word scratch in between (C2 keeps 8 longs in
     * registers; 64 would spill).
     */
    public static void transposeStrip(byte[] strip, int rowBytes, int words, long[] out) {
        if (words < 0 || 8 * words > rowBytes || (long) (ROWS - 1) * rowBytes + 8 * words > strip.length
                || out.length < 128 * words) {
            throw new IllegalArgumentException("128 rows of " + words + " words, " + rowBytes
                    + " bytes apart, do not fit " + strip.length + " bytes and " + out.length + " output words");
        }
        long[] scratch = new long[64];
        for (int w = 0; w < words; w++) {
            for (int half = 0; half < 2; half++) {
                int base = half * 64 * rowBytes + 8 * w;
                for (int k = 0; k < 8; k++) {
                    gather(strip, base + k * rowBytes, 8 * rowBytes, scratch, k);
                }
                for (int g = 0; g < 64; g += 8) {
                    scatter(scratch, g, out, 2 * (64 * w + g) + half);
                }
            }
        }
    }

    /** Rounds 32, 16, 8 on rows at byte offsets off + i * step (i &lt; 8), stored to scratch[k + 8i]. */
    private static void gather(byte[] strip, int off, int step, long[] scratch, int k) {
        long x0 = (long) LONGS.get(strip, off);
        long x1 = (long) LONGS.get(strip, off + step);
        long x2 = (long) LONGS.get(strip, off + 2 * step);
        long x3 = (long) LONGS.get(strip, off + 3 * step);
        long x4 = (long) LONGS.get(strip, off + 4 * step);
        long x5 = (long) LONGS.get(strip, off + 5 * step);
        long x6 = (long) LONGS.get(strip, off + 6 * step);
        long x7 = (long) LONGS.get(strip, off + 7 * step);
        long t;
        t = ((x0 >>> 32) ^ x4) & M32; x4 ^= t; x0 ^= t << 32;
        t = ((x1 >>> 32) ^ x5) & M32; x5 ^= t; x1 ^= t << 32;
        t = ((x2 >>> 32) ^ x6) & M32; x6 ^= t; x2 ^= t << 32;
        t = ((x3 >>> 32) ^ x7) & M32; x7 ^= t; x3 ^= t << 32;
        t = ((x0 >>> 16) ^ x2) & M16; x2 ^= t; x0 ^= t << 16;
        t = ((x1 >>> 16) ^ x3) & M16; x3 ^= t; x1 ^= t << 16;
        t = ((x4 >>> 16) ^ x6) & M16; x6 ^= t; x4 ^= t << 16;
        t = ((x5 >>> 16) ^ x7) & M16; x7 ^= t; x5 ^= t << 16;
        t = ((x0 >>> 8) ^ x1) & M8; x1 ^= t; x0 ^= t << 8;
        t = ((x2 >>> 8) ^ x3) & M8; x3 ^= t; x2 ^= t << 8;
        t = ((x4 >>> 8) ^ x5) & M8; x5 ^= t; x4 ^= t << 8;
        t = ((x6 >>> 8) ^ x7) & M8; x7 ^= t; x6 ^= t << 8;
        scratch[k] = x0;
        scratch[k + 8] = x1;
        scratch[k + 16] = x2;
        scratch[k + 24] = x3;
        scratch[k + 32] = x4;
        scratch[k + 40] = x5;
        scratch[k + 48] = x6;
        scratch[k + 56] = x7;
    }

    /** Rounds 4, 2, 1 on scratch[g .. g + 8), stored to out[o + 2i]: the columns g + i of this block. */
    private static void scatter(long[] scratch, int g, long[] out, int o) {
        long x0 = scratch[g];
        long x1 = scratch[g + 1];
        long x2 = scratch[g + 2];
        long x3 = scratch[g + 3];
        long x4 = scratch[g + 4];
        long x5 = scratch[g + 5];
        long x6 = scratch[g + 6];
        long x7 = scratch[g + 7];
        long t;
        t = ((x0 >>> 4) ^ x4) & M4; x4 ^= t; x0 ^= t << 4;
        t = ((x1 >>> 4) ^ x5) & M4; x5 ^= t; x1 ^= t << 4;
        t = ((x2 >>> 4) ^ x6) & M4; x6 ^= t; x2 ^= t << 4;
        t = ((x3 >>> 4) ^ x7) & M4; x7 ^= t; x3 ^= t << 4;
        t = ((x0 >>> 2) ^ x2) & M2; x2 ^= t; x0 ^= t << 2;
        t = ((x1 >>> 2) ^ x3) & M2; x3 ^= t; x1 ^= t << 2;
        t = ((x4 >>> 2) ^ x6) & M2; x6 ^= t; x4 ^= t << 2;
        t = ((x5 >>> 2) ^ x7) & M2; x7 ^= t; x5 ^= t << 2;
        t = ((x0 >>> 1) ^ x1) & M1; x1 ^= t; x0 ^= t << 1;
        t = ((x2 >>> 1) ^ x3) & M1; x3 ^= t; x2 ^= t << 1;
        t = ((x4 >>> 1) ^ x5) & M1; x5 ^= t; x4 ^= t << 1;
        t = ((x6 >>> 1) ^ x7) & M1; x7 ^= t; x6 ^= t << 1;
        out[o] = x0;
        out[o + 2] = x1;
        out[o + 4] = x2;
        out[o + 6] = x3;
        out[o + 8] = x4;
        out[o + 10] = x5;
        out[o + 12] = x6;
        out[o + 14] = x7;
    }
}
