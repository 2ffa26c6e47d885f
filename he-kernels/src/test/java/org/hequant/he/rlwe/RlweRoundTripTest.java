package org.hequant.he.rlwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.he.TestPolynomials;
import org.hequant.he.math.Modulus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RlweRoundTripTest {
    private static final RlweContext CHEETAH = RlweContext.cheetah4096();
    private static final SecretKey SK = new KeyGenerator(CHEETAH).secretKey();
    private static final PublicKey PK = new KeyGenerator(CHEETAH).publicKey(SK);

    static Plaintext random(Modulus t, int n, long seed) {
        return new Plaintext(t, TestPolynomials.uniform(new Random(seed), n, t.value()));
    }

    /** Powers of two 2^1..2^60 and odd / mixed moduli; every one must round-trip at full width. */
    @ParameterizedTest
    @ValueSource(longs = {2, 3, 4, 7, 256, 65537, 1L << 16, 3L << 20, 1000003, 1L << 37, (1L << 37) + 1, 1L << 45,
            1L << 55, 1L << 60})
    void symmetricEncryptionRoundTrips(long tValue) {
        Modulus t = new Modulus(tValue);
        Plaintext m = random(t, CHEETAH.degree(), tValue);
        SeededCiphertext ct = new SymmetricEncryptor(SK).encrypt(m);
        assertArrayEquals(m.coefficients(), new Decryptor(SK).decrypt(ct.expand(), t).coefficients());
    }

    @ParameterizedTest
    @ValueSource(longs = {2, 255, 1L << 8, 1L << 37, 1L << 50})
    void publicKeyEncryptionRoundTrips(long tValue) {
        Modulus t = new Modulus(tValue);
        Plaintext m = random(t, CHEETAH.degree(), tValue + 1);
        Ciphertext ct = new PublicKeyEncryptor(PK).encrypt(m);
        assertArrayEquals(m.coefficients(), new Decryptor(SK).decrypt(ct, t).coefficients());
    }

    @Test
    void roundTripsAtEveryLevelAndInBothForms() {
        RlweContext ctx = RlweContext.n8192();
        SecretKey sk = new KeyGenerator(ctx).secretKey();
        Modulus t = new Modulus(1L << 37);
        for (int level = 1; level <= ctx.maxLevel(); level++) {
            Plaintext m = random(t, ctx.degree(), level);
            Ciphertext ct = new SymmetricEncryptor(sk).encrypt(m, level).expand();
            assertArrayEquals(m.coefficients(), new Decryptor(sk).decrypt(ct, t).coefficients());
            ct.fromNtt();
            assertArrayEquals(m.coefficients(), new Decryptor(sk).decrypt(ct, t).coefficients());
        }
    }

    @Test
    void freshNoiseBudgetMatchesSealOrder() {
        // SEAL 4.1.2 at N = 4096, q = {60, 49}, t = 2^37 reports 67 bits fresh (anchors.md 5.1).
        Modulus t = new Modulus(1L << 37);
        Ciphertext ct = new SymmetricEncryptor(SK).encrypt(random(t, 4096, 5)).expand();
        int budget = new NoiseMeter(SK).invariantNoiseBudget(ct, t);
        assertTrue(budget >= 62 && budget <= 72, "fresh budget " + budget);
    }

    @Test
    void ciphertextAdditionAndPlaintextAdditionAreHomomorphic() {
        Modulus t = new Modulus(1L << 20);
        Plaintext a = random(t, 4096, 11);
        Plaintext b = random(t, 4096, 12);
        Plaintext c = random(t, 4096, 13);
        Evaluator ev = new Evaluator(CHEETAH);
        Ciphertext sum = ev.add(new SymmetricEncryptor(SK).encrypt(a).expand(), new PublicKeyEncryptor(PK).encrypt(b));
        ev.addPlainInPlace(sum, c, true);
        long[] expected = new long[4096];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Math.floorMod(a.coefficient(i) + b.coefficient(i) - c.coefficient(i), t.value());
        }
        assertArrayEquals(expected, new Decryptor(SK).decrypt(sum, t).coefficients());
    }
}
