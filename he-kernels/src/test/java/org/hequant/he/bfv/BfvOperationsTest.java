package org.hequant.he.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.SecretKey;
import org.junit.jupiter.api.Test;

/** Every BFV operation at N = 4096 against plain arithmetic in R_t (schoolbook products, slot-wise formulas). */
class BfvOperationsTest {
    private static final BfvParameters PARAMS = BfvParameters.select(17, 1, 0);
    private static final int N = PARAMS.degree();
    private static final long T = PARAMS.plainModulus().value();
    private static final BfvKeyGenerator KEYS = new BfvKeyGenerator(PARAMS);
    private static final SecretKey SK = KEYS.secretKey();
    private static final BfvEncryptor ENCRYPTOR = new BfvEncryptor(PARAMS, KEYS.publicKey(SK));
    private static final BfvDecryptor DECRYPTOR = new BfvDecryptor(PARAMS, SK);
    private static final BatchEncoder ENCODER = new BatchEncoder(PARAMS);
    private static final BfvEvaluator EVALUATOR = new BfvEvaluator(PARAMS, KEYS.relinearizationKey(SK),
            KEYS.galoisKeys(SK, BfvGaloisKeys.rowRotationElement(N, 1), BfvGaloisKeys.rowRotationElement(N, -3),
                    BfvGaloisKeys.rowRotationElement(N, 5), BfvGaloisKeys.rowSwapElement(N)));

    private static Plaintext plain(long[] coefficients) {
        return new Plaintext(PARAMS.plainModulus(), coefficients);
    }

    private static Ciphertext encrypt(long[] coefficients) {
        return ENCRYPTOR.encrypt(plain(coefficients));
    }

    private static long[] decrypt(Ciphertext ct) {
        return DECRYPTOR.decrypt(ct).coefficients();
    }

    @Test
    void parametersAreTheSmallRing() {
        assertEquals(4096, N, PARAMS.toString());
        assertEquals(65537, T);
    }

    @Test
    void encryptionRoundTripsAndAdditionsMatchPlainSums() {
        Random r = new Random(21);
        long[] a = PlainRing.random(r, N, T);
        long[] b = PlainRing.random(r, N, T);
        Ciphertext ca = encrypt(a);
        Ciphertext cb = encrypt(b);
        assertArrayEquals(a, decrypt(ca));
        assertArrayEquals(PlainRing.slotSum(a, b, T), decrypt(EVALUATOR.add(ca, cb)));
        long[] negB = new long[N];
        long[] diff = new long[N];
        for (int i = 0; i < N; i++) {
            negB[i] = (T - b[i]) % T;
            diff[i] = Math.floorMod(a[i] - b[i], T);
        }
        assertArrayEquals(diff, decrypt(EVALUATOR.sub(ca, cb)));
        assertArrayEquals(negB, decrypt(EVALUATOR.negate(cb)));
        assertArrayEquals(PlainRing.slotSum(a, b, T), decrypt(EVALUATOR.addPlain(ca, plain(b))));
        assertArrayEquals(diff, decrypt(EVALUATOR.subPlain(ca, plain(b))));
        assertArrayEquals(a, decrypt(ca), "inputs are left untouched");
    }

    @Test
    void plaintextProductsMatchSchoolbook() {
        Random r = new Random(22);
        long[] a = PlainRing.random(r, N, T);
        long[] w = PlainRing.random(r, N, T);
        Ciphertext ca = encrypt(a);
        assertArrayEquals(PlainRing.negacyclicProduct(a, w, T), decrypt(EVALUATOR.multiplyPlain(ca, plain(w))));
        long scalar = T - 12345;
        long[] expected = new long[N];
        for (int i = 0; i < N; i++) {
            expected[i] = a[i] * scalar % T;
        }
        Ciphertext scaled = EVALUATOR.multiplyScalar(ca, scalar);
        assertArrayEquals(expected, decrypt(scaled));
        long[] constant = new long[N];
        java.util.Arrays.fill(constant, scalar);
        assertArrayEquals(decrypt(scaled), decrypt(EVALUATOR.multiplyPlain(ca, ENCODER.encode(constant))),
                "multiplying by the constant-vector plaintext equals multiplyScalar");
        assertTrue(DECRYPTOR.invariantNoiseBudget(scaled) > DECRYPTOR.invariantNoiseBudget(
                EVALUATOR.multiplyPlain(ca, plain(w))), "a scalar costs less noise than a full plaintext");
    }

    @Test
    void ciphertextProductsMatchSchoolbookBeforeAndAfterRelinearisation() {
        Random r = new Random(23);
        long[] a = PlainRing.random(r, N, T);
        long[] b = PlainRing.random(r, N, T);
        Ciphertext ca = encrypt(a);
        Ciphertext cb = encrypt(b);
        long[] expected = PlainRing.negacyclicProduct(a, b, T);
        Ciphertext product = EVALUATOR.multiply(ca, cb);
        assertEquals(3, product.size());
        assertArrayEquals(expected, decrypt(product));
        Ciphertext relinearized = EVALUATOR.relinearize(product);
        assertEquals(2, relinearized.size());
        assertArrayEquals(expected, decrypt(relinearized));
        assertArrayEquals(PlainRing.negacyclicProduct(a, a, T), decrypt(EVALUATOR.square(ca)));
        int fresh = DECRYPTOR.invariantNoiseBudget(ca);
        int after = DECRYPTOR.invariantNoiseBudget(relinearized);
        System.out.println(PARAMS + ": fresh budget " + fresh + ", after one product " + after);
        assertTrue(after < fresh && after >= PARAMS.predictedBudget(1), fresh + " -> " + after);
        assertTrue(DECRYPTOR.invariantNoiseBudget(product) - after <= 1, "relinearisation adds almost no noise");
    }

    @Test
    void batchedProductsAreSlotWise() {
        Random r = new Random(24);
        long[] a = PlainRing.random(r, N, T);
        long[] b = PlainRing.random(r, N, T);
        Ciphertext ca = ENCRYPTOR.encrypt(ENCODER.encode(a));
        Ciphertext cb = ENCRYPTOR.encrypt(ENCODER.encode(b));
        assertArrayEquals(PlainRing.slotProduct(a, b, T),
                ENCODER.decode(DECRYPTOR.decrypt(EVALUATOR.multiplyAndRelinearize(ca, cb))));
        assertArrayEquals(PlainRing.slotProduct(a, b, T),
                ENCODER.decode(DECRYPTOR.decrypt(EVALUATOR.multiplyPlain(ca, ENCODER.encode(b)))));
    }

    @Test
    void rotationsMoveSlotsWithinRowsAndSwapRows() {
        Random r = new Random(25);
        long[] a = PlainRing.random(r, N, T);
        Ciphertext ca = ENCRYPTOR.encrypt(ENCODER.encode(a));
        int half = N / 2;
        for (int steps : new int[] {1, -3, 5}) {
            long[] rotated = ENCODER.decode(DECRYPTOR.decrypt(EVALUATOR.rotateRows(ca, steps)));
            for (int c = 0; c < half; c++) {
                int from = Math.floorMod(c + steps, half);
                assertEquals(a[from], rotated[c], "steps " + steps + ", row 0, column " + c);
                assertEquals(a[half + from], rotated[half + c], "steps " + steps + ", row 1, column " + c);
            }
        }
        Ciphertext swapped = EVALUATOR.swapRows(ca);
        long[] swappedSlots = ENCODER.decode(DECRYPTOR.decrypt(swapped));
        for (int c = 0; c < half; c++) {
            assertEquals(a[half + c], swappedSlots[c], "swapped row 0, column " + c);
            assertEquals(a[c], swappedSlots[half + c], "swapped row 1, column " + c);
        }
        assertArrayEquals(a, ENCODER.decode(DECRYPTOR.decrypt(EVALUATOR.swapRows(swapped))), "the swap is an involution");
        assertTrue(DECRYPTOR.invariantNoiseBudget(ca) - DECRYPTOR.invariantNoiseBudget(swapped) <= 2,
                "key switching with the special prime adds almost no noise");
        Ciphertext twice = EVALUATOR.rotateRows(EVALUATOR.rotateRows(ca, 1), 1);
        assertThrows(IllegalArgumentException.class, () -> EVALUATOR.rotateRows(ca, 2), "no key for 2 steps");
        Ciphertext composed = EVALUATOR.rotateRows(EVALUATOR.rotateRows(twice, 1), -3);
        assertArrayEquals(a, ENCODER.decode(DECRYPTOR.decrypt(composed)), "rot(1) rot(1) rot(1) rot(-3) = id");
    }

    @Test
    void hoistedRotationsMoveSlotsAsSingleOnes() {
        Random r = new Random(26);
        long[] a = PlainRing.random(r, N, T);
        Ciphertext ca = ENCRYPTOR.encrypt(ENCODER.encode(a));
        int half = N / 2;
        int[] steps = {1, 0, -3, 5};
        Ciphertext[] rotated = EVALUATOR.rotateRowsHoisted(ca, steps);
        for (int k = 0; k < steps.length; k++) {
            long[] slots = ENCODER.decode(DECRYPTOR.decrypt(rotated[k]));
            for (int c = 0; c < half; c++) {
                int from = Math.floorMod(c + steps[k], half);
                assertEquals(a[from], slots[c], "steps " + steps[k] + ", row 0, column " + c);
                assertEquals(a[half + from], slots[half + c], "steps " + steps[k] + ", row 1, column " + c);
            }
            assertTrue(DECRYPTOR.invariantNoiseBudget(ca) - DECRYPTOR.invariantNoiseBudget(rotated[k]) <= 2,
                    "a hoisted key switch adds as little noise as a single one");
        }
    }

    /** The server's types take, return and hold no secret key, not even in a private field. */
    @Test
    void serverSideTypesNeverHoldASecretKey() {
        for (Class<?> c : new Class<?>[] {BfvEvaluator.class, KeySwitchingKey.class, BfvGaloisKeys.class,
                HpsMultiplication.class, BfvParameters.class, BatchEncoder.class, CrtPlaintexts.class}) {
            for (java.lang.reflect.Constructor<?> k : c.getDeclaredConstructors()) {
                assertTrue(java.util.List.of(k.getParameterTypes()).stream().noneMatch(SecretKey.class::equals), k.toString());
            }
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                assertTrue(java.util.List.of(m.getParameterTypes()).stream().noneMatch(SecretKey.class::equals), m.toString());
                assertTrue(m.getReturnType() != SecretKey.class, m.toString());
            }
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                assertTrue(f.getType() != SecretKey.class && f.getType() != BfvDecryptor.class
                        && f.getType() != BfvKeyGenerator.class, f.toString());
            }
        }
    }

    @Test
    void wrongInputsAreRefusedNamingTheField() {
        Ciphertext ca = encrypt(new long[N]);
        IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
                () -> EVALUATOR.multiplyScalar(ca, T));
        assertTrue(scalar.getMessage().contains("scalar w"), scalar.getMessage());
        IllegalArgumentException degree = assertThrows(IllegalArgumentException.class,
                () -> ENCRYPTOR.encrypt(new Plaintext(PARAMS.plainModulus(), new long[N / 2])));
        assertTrue(degree.getMessage().contains("N = " + N), degree.getMessage());
        IllegalArgumentException modulus = assertThrows(IllegalArgumentException.class,
                () -> EVALUATOR.addPlain(ca, new Plaintext(new org.hequant.he.math.Modulus(T + 2), new long[N])));
        assertTrue(modulus.getMessage().contains("t = " + T), modulus.getMessage());
        long[] outside = new long[N];
        outside[3] = T;
        IllegalArgumentException coefficient = assertThrows(IllegalArgumentException.class, () -> plain(outside));
        assertTrue(coefficient.getMessage().contains("coefficient 3"), coefficient.getMessage());
        Ciphertext three = EVALUATOR.multiply(ca, ca);
        assertThrows(IllegalArgumentException.class, () -> EVALUATOR.multiply(three, ca));
        Ciphertext ntt = ca.copy();
        ntt.toNtt();
        assertThrows(IllegalArgumentException.class, () -> EVALUATOR.add(ntt, ca));
        assertThrows(IllegalStateException.class, () -> new BfvEvaluator(PARAMS).multiply(ca, ca));
    }
}
