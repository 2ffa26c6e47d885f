package org.hequant.he.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.he.math.Modulus;
import org.hequant.he.math.Primes;
import org.hequant.he.rlwe.Plaintext;
import org.junit.jupiter.api.Test;

class BatchEncoderTest {
    private static final BfvParameters PARAMS = BfvParameters.create(4096, 65537, new int[] {36, 36}, 37, 0, 0);
    private static final BatchEncoder ENCODER = new BatchEncoder(PARAMS);
    private static final int N = 4096;
    private static final long T = 65537;

    @Test
    void slotProductsArePolynomialProducts() {
        Random r = new Random(11);
        long[] a = PlainRing.random(r, N, T);
        long[] b = PlainRing.random(r, N, T);
        long[] product = PlainRing.negacyclicProduct(ENCODER.encode(a).coefficients(), ENCODER.encode(b).coefficients(), T);
        assertArrayEquals(PlainRing.slotProduct(a, b, T), ENCODER.decode(new Plaintext(new Modulus(T), product)));
    }

    @Test
    void roundTripAndSignedValues() {
        Random r = new Random(12);
        long[] a = PlainRing.random(r, N, T);
        assertArrayEquals(a, ENCODER.decode(ENCODER.encode(a)));
        long[] signed = new long[N];
        for (int i = 0; i < N; i++) {
            signed[i] = r.nextInt(65537) - 32768;
        }
        assertArrayEquals(signed, ENCODER.decodeSigned(ENCODER.encodeSigned(signed)));
        long[] constant = new long[N];
        java.util.Arrays.fill(constant, 77);
        long[] expected = new long[N];
        expected[0] = 77;
        assertArrayEquals(expected, ENCODER.encode(constant).coefficients(), "a constant vector is a constant polynomial");
    }

    @Test
    void slotsAreEvaluationsAtPowersOfThree() {
        Random r = new Random(13);
        long[] m = PlainRing.random(r, N, T);
        long[] slots = ENCODER.decode(new Plaintext(new Modulus(T), m));
        // Any primitive 2N-th root works for the check only if it is the one the layout names: psi below.
        long psi = Primes.minimalPrimitiveRoot(2 * N, new Modulus(T));
        long exponent = 1;
        for (int c = 0; c < N / 2; c += 97) {
            exponent = java.math.BigInteger.valueOf(3).modPow(java.math.BigInteger.valueOf(c),
                    java.math.BigInteger.valueOf(2L * N)).longValue();
            long up = java.math.BigInteger.valueOf(psi).modPow(java.math.BigInteger.valueOf(exponent),
                    java.math.BigInteger.valueOf(T)).longValue();
            long down = java.math.BigInteger.valueOf(psi).modPow(java.math.BigInteger.valueOf(2L * N - exponent),
                    java.math.BigInteger.valueOf(T)).longValue();
            assertEquals(PlainRing.evaluate(m, up, T), slots[c], "row 0, column " + c);
            assertEquals(PlainRing.evaluate(m, down, T), slots[N / 2 + c], "row 1, column " + c);
        }
        assertTrue(exponent > 1);
    }

    @Test
    void automorphismsRotateRowsAndSwapThem() {
        Random r = new Random(14);
        long[] a = PlainRing.random(r, N, T);
        long[] rotated = ENCODER.decode(new Plaintext(new Modulus(T),
                PlainRing.automorphism(ENCODER.encode(a).coefficients(), 3, T)));
        int half = N / 2;
        for (int c = 0; c < half; c++) {
            assertEquals(a[(c + 1) % half], rotated[c], "row 0, column " + c);
            assertEquals(a[half + (c + 1) % half], rotated[half + c], "row 1, column " + c);
        }
        long[] swapped = ENCODER.decode(new Plaintext(new Modulus(T),
                PlainRing.automorphism(ENCODER.encode(a).coefficients(), 2 * N - 1, T)));
        for (int c = 0; c < half; c++) {
            assertEquals(a[half + c], swapped[c]);
            assertEquals(a[c], swapped[half + c]);
        }
    }

    @Test
    void wrongInputsAreRefusedNamingTheField() {
        long[] values = new long[N];
        values[5] = T;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ENCODER.encode(values));
        assertTrue(e.getMessage().contains("values[5]"), e.getMessage());
        values[5] = -1;
        assertThrows(IllegalArgumentException.class, () -> ENCODER.encode(values));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> ENCODER.encode(new long[N / 2]));
        assertTrue(size.getMessage().contains("N = " + N), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ENCODER.decode(new Plaintext(new Modulus(T), new long[8])));
        assertThrows(IllegalArgumentException.class, () -> ENCODER.encodeSigned(new long[] {T}));
    }
}
