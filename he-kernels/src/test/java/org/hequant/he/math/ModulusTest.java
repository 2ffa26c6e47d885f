package org.hequant.he.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModulusTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v < 0 ? b.add(TWO_64) : b;
    }

    @ParameterizedTest
    @ValueSource(longs = {2, 3, 12289, 1L << 37, 3L << 40, 562949953216513L, 1152921504606830593L, (1L << 60) - 1,
            2305843009213693951L})
    void reductionsAndProductsMatchBigInteger(long m) {
        Modulus mod = new Modulus(m);
        BigInteger bm = BigInteger.valueOf(m);
        Random r = new Random(m);
        for (int i = 0; i < 20000; i++) {
            long hi = r.nextLong() >>> 3;
            long lo = r.nextLong();
            BigInteger x = unsigned(hi).shiftLeft(64).add(unsigned(lo));
            assertEquals(x.mod(bm).longValue(), mod.reduce128(hi, lo));
            long y = r.nextLong();
            assertEquals(unsigned(y).mod(bm).longValue(), mod.reduce(y));
            long a = Math.floorMod(r.nextLong(), m);
            long b = Math.floorMod(r.nextLong(), m);
            assertEquals(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(bm).longValue(), mod.mul(a, b));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {12289, 562949953216513L, 1152921504606830593L, 2305843009213693951L})
    void shoupProductsAreCongruentAndBelowTwoM(long m) {
        Modulus mod = new Modulus(m);
        BigInteger bm = BigInteger.valueOf(m);
        Random r = new Random(m + 1);
        for (int i = 0; i < 20000; i++) {
            long w = Math.floorMod(r.nextLong(), m);
            long ws = mod.shoupQuotient(w);
            assertEquals(BigInteger.valueOf(w).shiftLeft(63).divide(bm).longValue(), ws);
            long x = r.nextLong() >>> 2;
            long p = Modulus.shoupMulLazy(x, w, ws, m);
            assertTrue(p >= 0 && p < 2 * m, "lazy Shoup product out of [0, 2m)");
            assertEquals(BigInteger.valueOf(w).multiply(BigInteger.valueOf(x)).mod(bm).longValue(), p % m);
        }
    }

    @Test
    void inversesPowersAndCenteredForms() {
        Modulus mod = new Modulus(12289);
        for (long a = 1; a < 12289; a += 97) {
            assertEquals(1, mod.mul(a, mod.inverse(a)));
        }
        assertEquals(BigInteger.valueOf(3).modPow(BigInteger.valueOf(1000), BigInteger.valueOf(12289)).longValue(),
                mod.pow(3, 1000));
        assertEquals(-1, mod.toCentered(12288));
        assertEquals(6144, mod.toCentered(6144));
        assertEquals(12288, mod.fromSigned(-1));
    }

    @Test
    void outOfRangeModuliAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Modulus(1));
        assertThrows(IllegalArgumentException.class, () -> new Modulus(1L << 61));
    }
}
