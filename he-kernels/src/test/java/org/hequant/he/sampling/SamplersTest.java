package org.hequant.he.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;
import org.junit.jupiter.api.Test;

class SamplersTest {
    private static final RnsBasis BASIS = RlweContext.cheetah4096().basis();

    @Test
    void uniformPolynomialIsAFunctionOfTheSeed() {
        byte[] seed = Prg.freshSeed();
        RnsPoly a = Samplers.uniform(BASIS, new Prg(seed), true);
        RnsPoly b = Samplers.uniform(BASIS, new Prg(seed), true);
        RnsPoly c = Samplers.uniform(BASIS, Prg.fromSystemEntropy(), true);
        for (int i = 0; i < BASIS.size(); i++) {
            assertArrayEquals(a.limb(i), b.limb(i));
            assertFalse(Arrays.equals(a.limb(i), c.limb(i)));
            long q = BASIS.modulus(i).value();
            assertTrue(Arrays.stream(a.limb(i)).allMatch(v -> v >= 0 && v < q));
            // The top bit of a uniform residue below q ~ 2^k is set for about half the values.
            long top = Arrays.stream(a.limb(i)).filter(v -> v >= q / 2).count();
            assertTrue(top > 1800 && top < 2300, "upper half count " + top);
        }
    }

    @Test
    void ternaryIsBalanced() {
        long[] s = Samplers.ternary(30000, Prg.fromSystemEntropy());
        long[] counts = new long[3];
        for (long v : s) {
            counts[(int) v + 1]++;
        }
        for (long c : counts) {
            assertTrue(c > 9400 && c < 10600, Arrays.toString(counts));
        }
    }

    @Test
    void centeredBinomialHasSigmaNearThreePointTwoAndBoundedSupport() {
        long[] e = Samplers.centeredBinomial(100000, Prg.fromSystemEntropy());
        double mean = Arrays.stream(e).average().orElseThrow();
        double variance = Arrays.stream(e).mapToDouble(v -> (v - mean) * (v - mean)).sum() / e.length;
        assertEquals(0.0, mean, 0.05);
        assertEquals(10.5, variance, 0.4);
        assertTrue(Arrays.stream(e).allMatch(v -> Math.abs(v) <= Samplers.CBD_ETA));
    }

    @Test
    void uniformBelowStaysInRangeAndRejectsBadBounds() {
        Prg prg = Prg.fromSystemEntropy();
        for (int i = 0; i < 1000; i++) {
            long v = Samplers.uniformBelow(12289, prg);
            assertTrue(v >= 0 && v < 12289);
        }
        assertThrows(IllegalArgumentException.class, () -> Samplers.uniformBelow(0, prg));
        assertThrows(IllegalArgumentException.class, () -> new Prg(new byte[8]));
    }

    @Test
    void prgStreamsAgreeAcrossBulkAndSingleReads() {
        byte[] seed = Prg.freshSeed();
        Prg bulk = new Prg(seed);
        Prg single = new Prg(seed);
        long[] words = new long[5000];
        bulk.nextLongs(words, 0, words.length);
        for (long w : words) {
            assertEquals(w, single.nextLong());
        }
    }
}
