package org.hequant.he.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hequant.he.math.Primes;
import org.hequant.he.rlwe.InsecureParametersException;
import org.hequant.he.rlwe.SecurityStandard;
import org.junit.jupiter.api.Test;

class BfvParametersTest {
    private static void assertWellFormed(BfvParameters p, int plainBits, int depth) {
        int n = p.degree();
        long t = p.plainModulus().value();
        assertTrue(Primes.isPrime(t) && (t - 1) % (2L * n) == 0, "t = " + t + " must be a batching prime");
        assertTrue(64 - Long.numberOfLeadingZeros(t) >= plainBits, "t = " + t + " has fewer than " + plainBits + " bits");
        assertTrue(p.context().basis().totalBits() <= SecurityStandard.maxModulusBits(n), p.toString());
        assertTrue(p.predictedBudget(depth) >= BfvParameters.NOISE_MARGIN_BITS, p.toString());
        long special = p.context().basis().modulus(p.context().maxLevel() - 1).value();
        for (long q : p.dataBasis().primes()) {
            assertTrue(Primes.isPrime(q) && (q - 1) % (2L * n) == 0, q + " is not NTT-friendly");
            assertTrue(special > q, "the special prime must exceed every data prime");
        }
        // log2 Q as the product's bit length, independently of the parameter code.
        assertEquals(p.q().bitLength() - 1, p.log2Q());
    }

    @Test
    void twentyBitPlaintextsAtDepthThreeNeedN8192() {
        BfvParameters p = BfvParameters.select(20, 3, 0);
        assertWellFormed(p, 20, 3);
        assertEquals(8192, p.degree(), p.toString());
        // The smallest 20-bit prime = 1 mod 16384, found here by trial division.
        long expected = 1L << 19;
        while ((expected - 1) % 16384 != 0 || !java.math.BigInteger.valueOf(expected).isProbablePrime(60)) {
            expected++;
        }
        assertEquals(expected, p.plainModulus().value());
    }

    @Test
    void smallDemandsGetSmallerRings() {
        BfvParameters p = BfvParameters.select(17, 1, 0);
        assertWellFormed(p, 17, 1);
        assertEquals(4096, p.degree(), p.toString());
        BfvParameters wide = BfvParameters.select(30, 3, 20);
        assertWellFormed(wide, 30, 3);
        assertEquals(16384, wide.degree(), wide.toString());
    }

    @Test
    void impossibleDemandsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BfvParameters.select(50, 20, 0));
        assertTrue(e.getMessage().contains("plainBits = 50"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BfvParameters.select(1, 1, 0));
    }

    @Test
    void modulusAboveThe128BitBoundIsRefused() {
        // 3 x 55 + 55 = 220 bits > 218 at N = 8192.
        InsecureParametersException e = assertThrows(InsecureParametersException.class,
                () -> BfvParameters.create(8192, 65537, new int[] {55, 55, 55}, 55, 1, 0));
        assertTrue(e.getMessage().contains("220 bits") && e.getMessage().contains("218"), e.getMessage());
        assertThrows(InsecureParametersException.class,
                () -> BfvParameters.create(4096, 65537, new int[] {40, 40}, 40, 1, 0));
        assertThrows(InsecureParametersException.class,
                () -> BfvParameters.create(512, 65537, new int[] {20}, 20, 0, 0));
        // 218 bits exactly is accepted.
        assertWellFormed(BfvParameters.create(8192, 65537, new int[] {54, 55, 54}, 55, 2, 0), 17, 2);
    }

    @Test
    void insufficientNoiseBudgetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BfvParameters.create(8192, 65537, new int[] {50, 50}, 50, 3, 0));
        assertTrue(e.getMessage().contains("noise budget") && e.getMessage().contains("depth 3"), e.getMessage());
    }

    @Test
    void wrongInputsAreRefusedNamingTheField() {
        IllegalArgumentException notBatching = assertThrows(IllegalArgumentException.class,
                () -> BfvParameters.create(8192, 12289, new int[] {54, 54}, 54, 1, 0));
        assertTrue(notBatching.getMessage().contains("plainModulus"), notBatching.getMessage());
        IllegalArgumentException composite = assertThrows(IllegalArgumentException.class,
                () -> BfvParameters.create(8192, 65537L * 3, new int[] {54, 54}, 54, 1, 0));
        assertTrue(composite.getMessage().contains("plainModulus"), composite.getMessage());
        IllegalArgumentException special = assertThrows(IllegalArgumentException.class,
                () -> BfvParameters.create(8192, 65537, new int[] {54, 54}, 50, 1, 0));
        assertTrue(special.getMessage().contains("specialPrimeBits"), special.getMessage());
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> BfvParameters.create(8192, 65537, new int[] {54, 54}, 54, -1, 0));
        assertTrue(depth.getMessage().contains("depth"), depth.getMessage());
    }

    @Test
    void otherPlaintextPrimesShareTheContext() {
        BfvParameters p = BfvParameters.select(20, 2, 0);
        long other = BfvParameters.smallestBatchingPrime(p.degree(), 21);
        BfvParameters q = p.withPlainModulus(other);
        assertSame(p.context(), q.context());
        assertEquals(other, q.plainModulus().value());
        assertThrows(IllegalArgumentException.class, () -> p.withPlainModulus(other + 2));
    }
}
