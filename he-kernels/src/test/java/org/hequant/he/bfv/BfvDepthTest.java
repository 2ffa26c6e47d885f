package org.hequant.he.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.SecretKey;
import org.junit.jupiter.api.Test;

/** Realistic parameters (N = 8192, a 20-bit t, depth 3): products of depth 2 and 3 and the noise budget. */
class BfvDepthTest {
    private static final BfvParameters PARAMS = BfvParameters.select(20, 3, 0);
    private static final int N = PARAMS.degree();
    private static final long T = PARAMS.plainModulus().value();
    private static final BfvKeyGenerator KEYS = new BfvKeyGenerator(PARAMS);
    private static final SecretKey SK = KEYS.secretKey();
    private static final BfvEncryptor ENCRYPTOR = new BfvEncryptor(PARAMS, KEYS.publicKey(SK));
    private static final BfvDecryptor DECRYPTOR = new BfvDecryptor(PARAMS, SK);
    private static final BatchEncoder ENCODER = new BatchEncoder(PARAMS);
    private static final BfvEvaluator EVALUATOR = new BfvEvaluator(PARAMS, KEYS.relinearizationKey(SK), null);

    private static Ciphertext encryptSlots(long[] values) {
        return ENCRYPTOR.encrypt(ENCODER.encode(values));
    }

    private static long[] decryptSlots(Ciphertext ct) {
        return ENCODER.decode(DECRYPTOR.decrypt(ct));
    }

    @Test
    void parametersAreRealistic() {
        assertEquals(8192, N);
        assertTrue(PARAMS.plainModulus().bitLength() == 20, PARAMS.toString());
    }

    @Test
    void coefficientProductMatchesSchoolbookAtN8192() {
        Random r = new Random(41);
        long[] a = PlainRing.random(r, N, T);
        long[] b = PlainRing.random(r, N, T);
        org.hequant.he.rlwe.Plaintext pa = new org.hequant.he.rlwe.Plaintext(PARAMS.plainModulus(), a);
        org.hequant.he.rlwe.Plaintext pb = new org.hequant.he.rlwe.Plaintext(PARAMS.plainModulus(), b);
        Ciphertext product = EVALUATOR.multiplyAndRelinearize(ENCRYPTOR.encrypt(pa), ENCRYPTOR.encrypt(pb));
        assertArrayEquals(PlainRing.negacyclicProduct(a, b, T), DECRYPTOR.decrypt(product).coefficients());
    }

    @Test
    void squareOfASquareAndAProductOfDepthThree() {
        Random r = new Random(42);
        long[][] x = new long[4][];
        Ciphertext[] c = new Ciphertext[4];
        for (int i = 0; i < 4; i++) {
            x[i] = PlainRing.random(r, N, T);
            c[i] = encryptSlots(x[i]);
        }
        int fresh = DECRYPTOR.invariantNoiseBudget(c[0]);

        Ciphertext square = EVALUATOR.square(c[0]);
        Ciphertext fourth = EVALUATOR.square(square);
        long[] x2 = PlainRing.slotProduct(x[0], x[0], T);
        assertArrayEquals(x2, decryptSlots(square));
        assertArrayEquals(PlainRing.slotProduct(x2, x2, T), decryptSlots(fourth));

        Ciphertext ab = EVALUATOR.multiplyAndRelinearize(c[0], c[1]);
        Ciphertext cd = EVALUATOR.multiplyAndRelinearize(c[2], c[3]);
        Ciphertext abcd = EVALUATOR.multiplyAndRelinearize(ab, cd);
        Ciphertext depth3 = EVALUATOR.square(abcd);
        long[] expected = PlainRing.slotProduct(PlainRing.slotProduct(x[0], x[1], T), PlainRing.slotProduct(x[2], x[3], T), T);
        assertArrayEquals(expected, decryptSlots(abcd));
        expected = PlainRing.slotProduct(expected, expected, T);
        assertArrayEquals(expected, decryptSlots(depth3));

        int[] budgets = {fresh, DECRYPTOR.invariantNoiseBudget(ab), DECRYPTOR.invariantNoiseBudget(abcd),
            DECRYPTOR.invariantNoiseBudget(depth3)};
        System.out.println(PARAMS + ": budgets by depth " + java.util.Arrays.toString(budgets));
        for (int depth = 0; depth <= 3; depth++) {
            assertTrue(budgets[depth] >= PARAMS.predictedBudget(depth), "depth " + depth + ": " + budgets[depth]
                    + " below the model's " + PARAMS.predictedBudget(depth));
            if (depth > 0) {
                assertTrue(budgets[depth] < budgets[depth - 1], "the budget decreases with depth");
            }
        }
        assertTrue(budgets[3] >= BfvParameters.NOISE_MARGIN_BITS);
    }
}
