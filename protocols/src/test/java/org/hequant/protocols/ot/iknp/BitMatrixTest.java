package org.hequant.protocols.ot.iknp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitMatrixTest {
    private static long bit(byte[] bytes, long index) {
        return (bytes[(int) (index >>> 3)] >>> (index & 7)) & 1;
    }

    @Test
    void stripTransposeMatchesTheBitByBitDefinition() {
        SplittableRandom random = new SplittableRandom(2);
        for (int[] shape : new int[][] {{1, 1}, {1, 2}, {3, 3}, {17, 20}}) {
            int words = shape[0];
            int rowBytes = 8 * shape[1];
            byte[] strip = new byte[BitMatrix.ROWS * rowBytes];
            random.nextBytes(strip);
            long[] expected = new long[128 * words];
            for (int r = 0; r < BitMatrix.ROWS; r++) {
                for (int c = 0; c < 64 * words; c++) {
                    expected[2 * c + r / 64] |= bit(strip, 8L * r * rowBytes + c) << (r % 64);
                }
            }
            long[] out = new long[128 * words];
            BitMatrix.transposeStrip(strip, rowBytes, words, out);
            assertArrayEquals(expected, out, words + " words in rows of " + rowBytes + " bytes");
        }
    }

    @Test
    void shortBuffersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BitMatrix.transposeStrip(new byte[1023], 8, 1, new long[128]));
        assertThrows(IllegalArgumentException.class, () -> BitMatrix.transposeStrip(new byte[1024], 8, 1, new long[127]));
        assertThrows(IllegalArgumentException.class, () -> BitMatrix.transposeStrip(new byte[2048], 8, 2, new long[256]));
    }
}
