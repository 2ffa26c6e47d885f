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
        long[] block = new long[64];
        for (int half = 0; half < 2; half++) {
            int base = half * 64 * words;
            for (int w = 0; w < words; w++) {
                for (int r = 0; r < 64; r++) {
                    block[r] = wide[base + r * words + w];
                }
                transpose64(block);
                int o = 128 * w + half;
                for (int c = 0; c < 64; c++) {
                    out[o + 2 * c] = block[c];
                }
            }
        }
    }

    /**
     * Transposes 64 x 64 bits in place: afterwards bit r of {@code a[c]} is what bit c of {@code a[r]} was.
     * Round j swaps the off-diagonal j x j sub-blocks of every 2j x 2j block.
     */
    public static void transpose64(long[] a) {
        int j = 32;
        for (long mask : MASKS) {
            for (int k = 0; k < 64; k = (k + j + 1) & ~j) {
                long t = ((a[k] >>> j) ^ a[k + j]) & mask;
                a[k + j] ^= t;
                a[k] ^= t << j;
            }
            j >>>= 1;
        }
    }
}
