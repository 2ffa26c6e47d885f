package org.hequant.protocols.ot;

/**
 * The transpose at the heart of IKNP: the extension works on 128 columns of n bits (one per base OT),
 * while each extended OT needs its 128-bit row. Bits are moved 64 x 64 blocks at a time with the
 * recursive block-swap technique (six rounds of masked shifts over 64 words), which costs a few
 * operations per word instead of one per bit.
 */
public final class BitMatrix {
    /** Rows of the wide matrix: one per base OT. */
    public static final int ROWS = 128;

    /**
     * Words per row copied into a compact tile before transposing: the 128 rows lie on 128 different pages,
     * so reading one word from each for every block would miss the TLB on nearly every load.
     */
    private static final int TILE_WORDS = 16;

    private static final long[] MASKS = {
        0x00000000FFFFFFFFL, 0x0000FFFF0000FFFFL, 0x00FF00FF00FF00FFL,
        0x0F0F0F0F0F0F0F0FL, 0x3333333333333333L, 0x5555555555555555L};

    private BitMatrix() {
    }

    /**
     * Transposes a 128 x (64 * words) bit matrix. Row r occupies {@code wide[r * words .. (r + 1) * words)},
     * bit c of the row being bit (c mod 64) of word c / 64. The result holds, for column c, the 128 bits of
     * that column as two words {@code out[2c]} (rows 0..63) and {@code out[2c + 1]} (rows 64..127).
     */
    public static void transposeToBlocks(long[] wide, int words, long[] out) {
        if (wide.length < ROWS * words || out.length < 2 * 64 * words) {
            throw new IllegalArgumentException("matrix of " + words + " words per row needs " + ROWS * words
                    + " input and " + 128 * words + " output words, got " + wide.length + " and " + out.length);
        }
        long[] tile = new long[ROWS * TILE_WORDS];
        long[] low = new long[64];
        long[] high = new long[64];
        for (int w0 = 0; w0 < words; w0 += TILE_WORDS) {
            int tileWords = Math.min(TILE_WORDS, words - w0);
            for (int r = 0; r < ROWS; r++) {
                System.arraycopy(wide, r * words + w0, tile, r * TILE_WORDS, tileWords);
            }
            for (int w = 0; w < tileWords; w++) {
                for (int r = 0; r < 64; r++) {
                    low[r] = tile[r * TILE_WORDS + w];
                    high[r] = tile[(64 + r) * TILE_WORDS + w];
                }
                transpose64(low);
                transpose64(high);
                int o = 128 * (w0 + w);
                for (int c = 0; c < 64; c++) {
                    out[o + 2 * c] = low[c];
                    out[o + 2 * c + 1] = high[c];
                }
            }
        }
    }

    /**
     * Transposes 64 x 64 bits in place: afterwards bit r of {@code a[c]} is what bit c of {@code a[r]} was.
     * Round j swaps the off-diagonal j x j sub-blocks of every 2j x 2j block; the rounds commute, and rounds
     * 32, 16, 8 only mix words 8 apart while rounds 4, 2, 1 only mix words within an aligned group of 8, so
     * the block is done as 16 groups of 8 words held in registers (array traffic was the bottleneck).
     */
    public static void transpose64(long[] a) {
        if (a.length != 64) {
            throw new IllegalArgumentException("a 64 x 64 block needs 64 words, got " + a.length);
        }
        for (int k = 0; k < 8; k++) {
            octet(a, k, 8, 32, MASKS[0], 16, MASKS[1], 8, MASKS[2]);
        }
        for (int k = 0; k < 64; k += 8) {
            octet(a, k, 1, 4, MASKS[3], 2, MASKS[4], 1, MASKS[5]);
        }
    }

    /** Three swap rounds on the words base + i * stride (i &lt; 8), pairing i with i + 4, i + 2, i + 1. */
    private static void octet(long[] a, int base, int stride, int s4, long m4, int s2, long m2, int s1, long m1) {
        long x0 = a[base];
        long x1 = a[base + stride];
        long x2 = a[base + 2 * stride];
        long x3 = a[base + 3 * stride];
        long x4 = a[base + 4 * stride];
        long x5 = a[base + 5 * stride];
        long x6 = a[base + 6 * stride];
        long x7 = a[base + 7 * stride];
        long t;
        t = ((x0 >>> s4) ^ x4) & m4; x4 ^= t; x0 ^= t << s4;
        t = ((x1 >>> s4) ^ x5) & m4; x5 ^= t; x1 ^= t << s4;
        t = ((x2 >>> s4) ^ x6) & m4; x6 ^= t; x2 ^= t << s4;
        t = ((x3 >>> s4) ^ x7) & m4; x7 ^= t; x3 ^= t << s4;
        t = ((x0 >>> s2) ^ x2) & m2; x2 ^= t; x0 ^= t << s2;
        t = ((x1 >>> s2) ^ x3) & m2; x3 ^= t; x1 ^= t << s2;
        t = ((x4 >>> s2) ^ x6) & m2; x6 ^= t; x4 ^= t << s2;
        t = ((x5 >>> s2) ^ x7) & m2; x7 ^= t; x5 ^= t << s2;
        t = ((x0 >>> s1) ^ x1) & m1; x1 ^= t; x0 ^= t << s1;
        t = ((x2 >>> s1) ^ x3) & m1; x3 ^= t; x2 ^= t << s1;
        t = ((x4 >>> s1) ^ x5) & m1; x5 ^= t; x4 ^= t << s1;
        t = ((x6 >>> s1) ^ x7) & m1; x7 ^= t; x6 ^= t << s1;
        a[base] = x0;
        a[base + stride] = x1;
        a[base + 2 * stride] = x2;
        a[base + 3 * stride] = x3;
        a[base + 4 * stride] = x4;
        a[base + 5 * stride] = x5;
        a[base + 6 * stride] = x6;
        a[base + 7 * stride] = x7;
    }
}
