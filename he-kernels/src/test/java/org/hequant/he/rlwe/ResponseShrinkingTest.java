package org.hequant.he.rlwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.hequant.he.TestPolynomials;
import org.hequant.he.math.Modulus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's response path: ct x pt, re-randomisation with a public-key encryption of zero, mod-switch
 * to q_0, then dropping low bits of c1 and of the kept c0 coefficients at exactly the bounds of
 * docs/HEQUANT.md, "Response shrinking". Decryption must still equal the plaintext product mod t at every kept index.
 */
class ResponseShrinkingTest {
    private static final RlweContext CTX = RlweContext.cheetah4096();
    private static final SecretKey SK = new KeyGenerator(CTX).secretKey();
    private static final PublicKey PK = new KeyGenerator(CTX).publicKey(SK);
    private static final Evaluator EV = new Evaluator(CTX);

    @Test
    void bitBudgetsMatchTheSpecTableForCheetahParameters() {
        Modulus q0 = CTX.basis().modulus(0);
        assertEquals(13, ResponseShrinking.noiseVarianceBits(4096));
        assertEquals(14, ResponseShrinking.noiseVarianceBits(8192));
        for (int l : new int[] {16, 37}) {
            Modulus t = new Modulus(1L << l);
            int d0 = ResponseShrinking.c0DroppedBits(q0, t);
            int d1 = ResponseShrinking.c1DroppedBits(q0, t, 4096);
            // docs/HEQUANT.md, "Response shrinking": c0 keeps l + 2 bits, c1 keeps l + 14 bits at a 60-bit q_0 and N = 4096.
            assertEquals(l + 2, ResponseCiphertext.highBits(q0, d0));
            assertEquals(l + 14, ResponseCiphertext.highBits(q0, d1));
        }
    }

    private static long[] response(Plaintext m, Plaintext w, int[] kept, int extraC0Bits, int extraC1Bits) {
        Modulus t = m.plainModulus();
        Ciphertext ct = new SymmetricEncryptor(SK).encrypt(m).expand();
        Ciphertext product = EV.multiplyPlain(ct, EV.prepare(w, CTX.maxLevel()));
        EV.addInPlace(product, new PublicKeyEncryptor(PK).encryptZero(CTX.maxLevel(), true));
        Ciphertext level1 = EV.modSwitchToNext(product);
        Modulus q0 = CTX.basis().modulus(0);
        ResponseCiphertext r = ResponseCiphertext.shrink(CTX, level1, kept,
                ResponseShrinking.c0DroppedBits(q0, t) + extraC0Bits,
                ResponseShrinking.c1DroppedBits(q0, t, CTX.degree()) + extraC1Bits);
        return new Decryptor(SK).decrypt(r, t);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16, 24, 37})
    void shrunkResponsesDecryptExactlyAtTheSpecBounds(int l) {
        Modulus t = new Modulus(1L << l);
        Random r = new Random(l);
        for (int trial = 0; trial < 3; trial++) {
            Plaintext m = new Plaintext(t, TestPolynomials.uniform(r, 4096, t.value()));
            Plaintext w = new Plaintext(t, TestPolynomials.uniform(r, 4096, t.value()));
            int[] kept = IntStream.range(0, 4096).filter(j -> j % 3 != 1).toArray();
            long[] expectedAll = TestPolynomials.negacyclicProductPowerOfTwo(m.coefficients(), w.coefficients(), l);
            long[] expected = IntStream.of(kept).mapToLong(j -> expectedAll[j]).toArray();
            assertArrayEquals(expected, response(m, w, kept, 0, 0));
        }
    }

    @Test
    void droppingFarMoreBitsThanTheBoundBreaksDecryption() {
        // Guards the test above against passing vacuously: the bound is close to where errors start.
        Modulus t = new Modulus(1L << 16);
        Random r = new Random(99);
        Plaintext m = new Plaintext(t, TestPolynomials.uniform(r, 4096, t.value()));
        Plaintext w = new Plaintext(t, TestPolynomials.uniform(r, 4096, t.value()));
        int[] kept = IntStream.range(0, 4096).toArray();
        long[] expected = TestPolynomials.negacyclicProductPowerOfTwo(m.coefficients(), w.coefficients(), 16);
        long[] got = response(m, w, kept, 0, 8);
        int wrong = 0;
        for (int j = 0; j < kept.length; j++) {
            wrong += got[j] == expected[j] ? 0 : 1;
        }
        assertTrue(wrong > 100, "only " + wrong + " wrong coefficients with 8 extra c1 bits dropped");
    }

    @Test
    void nonPowerOfTwoPlainModulusUsesTheStricterC0Rule() {
        Modulus t = new Modulus(12289);
        Random r = new Random(5);
        Plaintext m = new Plaintext(t, TestPolynomials.uniform(r, 4096, t.value()));
        Plaintext w = new Plaintext(t, TestPolynomials.uniform(r, 4096, t.value()));
        int[] kept = IntStream.range(0, 4096).toArray();
        long[] expected = TestPolynomials.negacyclicProduct(m.coefficients(), w.coefficients(), t.value());
        assertEquals(ResponseShrinking.c0DroppedBits(CTX.basis().modulus(0), new Modulus(8192)) - 1,
                ResponseShrinking.c0DroppedBits(CTX.basis().modulus(0), t));
        assertArrayEquals(expected, response(m, w, kept, 0, 0));
    }

    @Test
    void roundingWrapsValuesNearQ0ToZeroWithinHalfAStep() {
        Modulus q0 = CTX.basis().modulus(0);
        int d = 21;
        RnsPolyFixture fixture = new RnsPolyFixture(CTX);
        long nearTop = q0.value() - 5;
        Ciphertext ct = fixture.level1Ciphertext(nearTop, nearTop);
        ResponseCiphertext r = ResponseCiphertext.shrink(CTX, ct, new int[] {0}, d, d);
        assertEquals(0, r.c0High(0));
        assertTrue(r.c1High(0) <= ResponseCiphertext.maxHigh(q0, d));
    }
}
