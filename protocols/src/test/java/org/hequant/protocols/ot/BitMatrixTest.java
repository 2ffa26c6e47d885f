package org.hequant.protocols.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitMatrixTest {
    private static long bit(long word, int i) {
        return (word >>> i) & 1;
    }

    @Test
    void transpose64MatchesTheBitByBitDefinition() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 20; trial++) {
            long[] a = new long[64];
            for (int i = 0; i < 64; i++) {
                a[i] = random.nextLong();
            }
            long[] expected = new long[64];
            for (int r = 0; r < 64; r++) {
                for (int c = 0; c < 64; c++) {
                    expected[c] |= bit(a[r], c) << r;
                }
            }
            BitMatrix.transpose64(a);
            assertArrayEquals(expected, a);
        }
    }

    @Test
    void wideTransposeMatchesTheBitByBitDefinition() {
        SplittableRandom random = new SplittableRandom(2);
        for (int words : new int[] {1, 3, 17}) {
            long[] wide = new long[BitMatrix.ROWS * words];
            for (int i = 0; i < wide.length; i++) {
                wide[i] = random.nextLong();
            }
            long[] expected = new long[128 * words];
            for (int r = 0; r < BitMatrix.ROWS; r++) {
                for (int c = 0; c < 64 * words; c++) {
                    long b = bit(wide[r * words + c / 64], c % 64);
                    expected[2 * c + r / 64] |= b << (r % 64);
                }
            }
            long[] out = new long[128 * words];
            BitMatrix.transposeToBlocks(wide, words, out);
            assertArrayEquals(expected, out);
        }
    }

    @Test
    void shortBuffersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BitMatrix.transposeToBlocks(new long[127], 1, new long[128]));
    }
}
