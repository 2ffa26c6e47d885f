package org.hequant.he.rlwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.hequant.he.TestPolynomials;
import org.hequant.he.math.Modulus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainMultiplicationTest {
    private static final RlweContext CTX = RlweContext.cheetah4096();
    private static final SecretKey SK = new KeyGenerator(CTX).secretKey();
    private static final Evaluator EV = new Evaluator(CTX);

    private static long[] expectedProduct(Plaintext a, Plaintext b, Modulus t) {
        if (t.isPowerOfTwo()) {
            return TestPolynomials.negacyclicProductPowerOfTwo(a.coefficients(), b.coefficients(),
                    Long.numberOfTrailingZeros(t.value()));
        }
        return TestPolynomials.negacyclicProduct(a.coefficients(), b.coefficients(), t.value());
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 2, 1L << 8, 1L << 16, 1L << 37, 65537, 12289})
    void ctTimesPtMatchesNegacyclicProductModT(long tValue) {
        Modulus t = new Modulus(tValue);
        Plaintext m = RlweRoundTripTest.random(t, 4096, tValue * 3);
        Plaintext w = RlweRoundTripTest.random(t, 4096, tValue * 5);
        Ciphertext ct = new SymmetricEncryptor(SK).encrypt(m).expand();
        Ciphertext product = EV.multiplyPlain(ct, EV.prepare(w, CTX.maxLevel()));
        assertArrayEquals(expectedProduct(m, w, t), new Decryptor(SK).decrypt(product, t).coefficients());
    }

    @Test
    void budgetAfterFullWidthProductMatchesSealOrder() {
        // SEAL: 26 bits left after multiplying by a uniform 37-bit plaintext (anchors.md 5.1).
        Modulus t = new Modulus(1L << 37);
        Ciphertext ct = new SymmetricEncryptor(SK).encrypt(RlweRoundTripTest.random(t, 4096, 1)).expand();
        Ciphertext product = EV.multiplyPlain(ct, EV.prepare(RlweRoundTripTest.random(t, 4096, 2), 2));
        int budget = new NoiseMeter(SK).invariantNoiseBudget(product, t);
        assertTrue(budget >= 20 && budget <= 32, "budget after ct x pt " + budget);
    }

    @Test
    void accumulatedProductsSumOverChannelGroups() {
        Modulus t = new Modulus(1L << 37);
        int groups = 4;
        Ciphertext acc = null;
        long[] expected = new long[4096];
        for (int g = 0; g < groups; g++) {
            Plaintext m = RlweRoundTripTest.random(t, 4096, 100 + g);
            Plaintext w = RlweRoundTripTest.random(t, 4096, 200 + g);
            Ciphertext ct = new SymmetricEncryptor(SK).encrypt(m).expand();
            PreparedPlaintext p = EV.prepare(w, 2);
            if (acc == null) {
                acc = EV.multiplyPlain(ct, p);
            } else {
                EV.multiplyPlainAccumulate(ct, p, acc);
            }
            long[] e = expectedProduct(m, w, t);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (expected[i] + e[i]) & (t.value() - 1);
            }
        }
        assertArrayEquals(expected, new Decryptor(SK).decrypt(acc, t).coefficients());
    }

    @Test
    void modSwitchKeepsTheMessageAndRoundsExactly() {
        Modulus t = new Modulus(1L << 37);
        Plaintext m = RlweRoundTripTest.random(t, 4096, 9);
        Ciphertext ct = new SymmetricEncryptor(SK).encrypt(m).expand();
        Ciphertext product = EV.multiplyPlain(ct, EV.prepare(RlweRoundTripTest.random(t, 4096, 10), 2));
        Ciphertext switched = EV.modSwitchToNext(product);
        assertArrayEquals(new Decryptor(SK).decrypt(product, t).coefficients(),
                new Decryptor(SK).decrypt(switched, t).coefficients());
        // Independent check of the rounding itself: round(x / q1) mod q0 from the exact CRT value of x.
        product.fromNtt();
        long q0 = CTX.basis().modulus(0).value();
        long q1 = CTX.basis().modulus(1).value();
        BigInteger bq0 = BigInteger.valueOf(q0);
        BigInteger bq1 = BigInteger.valueOf(q1);
        BigInteger q = bq0.multiply(bq1);
        for (int j = 0; j < 64; j++) {
            long x0 = product.part(0).limb(0)[j];
            long x1 = product.part(0).limb(1)[j];
            // CRT: x = x0 + q0 * ((x1 - x0) * q0^-1 mod q1)
            BigInteger k = BigInteger.valueOf(x1).subtract(BigInteger.valueOf(x0)).multiply(bq0.modInverse(bq1)).mod(bq1);
            BigInteger x = BigInteger.valueOf(x0).add(bq0.multiply(k)).mod(q);
            BigInteger rounded = x.add(bq1.shiftRight(1)).divide(bq1).mod(bq0);
            assertTrue(rounded.longValue() == switched.part(0).limb(0)[j], "coefficient " + j);
        }
    }
}
