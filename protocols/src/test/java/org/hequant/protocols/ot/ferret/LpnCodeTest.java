package org.hequant.protocols.ot.ferret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The LPN step against its definition, one row at a time: value g xor the secret's values at row g's columns
 * ({@link LpnCode#row}), and the receiver's bits as the parity of the secret's bits there. Counts that are not
 * multiples of the fetch group or of the vector lanes, first rows off any boundary, and k up to Ferret's.
 */
class LpnCodeTest {
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void encodingXorsTheSecretValuesAtEachRowsColumns() {
        for (int[] c : new int[][] {{1000, 1}, {1000, 7}, {4096, 64}, {4096, 201}, {589_824, 1000}}) {
            int k = c[0];
            int count = c[1];
            long extension = random.nextInt(1 << 20);
            long first = random.nextInt(1 << 24);
            long[] secretValues = randomWords(2 * k);
            LpnSecret secret = new LpnSecret();
            secret.set(secretValues, k);
            long[] values = randomWords(2 * count);
            long[] expected = values.clone();
            LpnCode code = new LpnCode(k);
            long[] row = new long[LpnParameters.ROW_WEIGHT];
            for (int g = 0; g < count; g++) {
                code.row(extension, first + g, row, 0, 1);
                for (long col : row) {
                    expected[2 * g] ^= secretValues[2 * (int) col];
                    expected[2 * g + 1] ^= secretValues[2 * (int) col + 1];
                }
            }
            code.encode(extension, first, values, count, secret);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], values[i], "k " + k + " count " + count + " word " + i);
            }
        }
    }

    @Test
    void paritiesAreTheSecretBitsAtEachRowsColumns() {
        int k = 5000;
        long[] secretBits = randomWords((k + 63) / 64);
        LpnCode code = new LpnCode(k);
        for (int count : new int[] {1, 9, 64, 150}) {
            long first = random.nextInt(1 << 24);
            boolean[] noise = new boolean[count + 3];
            boolean[] expected = new boolean[count + 3];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = random.nextBoolean();
                expected[i] = noise[i];
            }
            long[] row = new long[LpnParameters.ROW_WEIGHT];
            for (int g = 0; g < count; g++) {
                code.row(3, first + g, row, 0, 1);
                for (long col : row) {
                    expected[2 + g] ^= ((secretBits[(int) col / 64] >>> (col % 64)) & 1) == 1;
                }
            }
            code.parities(3, first, count, noise, 2, secretBits);
            for (int i = 0; i < noise.length; i++) {
                assertEquals(expected[i], noise[i], "count " + count + " bit " + i);
            }
        }
    }

    @Test
    void vectorRowsEqualTheScalarRows() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no incubator module");
        for (long k : new long[] {1, 1000, 589_824, (1L << 31) - 1}) {
            long extension = random.nextInt(1 << 20);
            long first = random.nextLong() >>> 25;
            long[] columns = new long[LpnParameters.ROW_WEIGHT * 16];
            VectorLpnRows.rows(extension, first, k, columns, 3, 16);
            LpnCode code = new LpnCode((int) k);
            long[] row = new long[LpnParameters.ROW_WEIGHT];
            for (int i = 0; i < VectorLpnRows.LANES; i++) {
                code.row(extension, first + i, row, 0, 1);
                for (int j = 0; j < row.length; j++) {
                    assertEquals(row[j], columns[3 + j * 16 + i], "k " + k + " row " + i + " column " + j);
                }
            }
        }
    }

    private long[] randomWords(int n) {
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = random.nextLong();
        }
        return w;
    }
}
