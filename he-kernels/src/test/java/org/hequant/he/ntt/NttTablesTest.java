package org.hequant.he.ntt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hequant.he.TestPolynomials;
import org.hequant.he.math.Modulus;
import org.hequant.he.math.Primes;
import org.hequant.he.rlwe.RlweContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NttTablesTest {
    static Stream<Arguments> contextPrimes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (RlweContext ctx : new RlweContext[] {RlweContext.cheetah4096(), RlweContext.n8192()}) {
            for (int i = 0; i < ctx.maxLevel(); i++) {
                NttTables tables = ctx.basis().ntt(i);
                // Both paths, whichever this JVM picks by default: the scalar stages and the vector ones.
                for (boolean vectors : new boolean[] {false, true}) {
                    b.add(Arguments.of(new NttTables(tables.degree(), tables.modulus(), vectors)));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("contextPrimes")
    void pointwiseProductMatchesSchoolbookNegacyclicProduct(NttTables ntt) {
        Random r = new Random(ntt.degree() + ntt.modulus().value());
        Modulus q = ntt.modulus();
        long[] a = TestPolynomials.uniform(r, ntt.degree(), q.value());
        long[] b = TestPolynomials.uniform(r, ntt.degree(), q.value());
        long[] expected = TestPolynomials.negacyclicProduct(a, b, q.value());
        long[] fa = a.clone();
        long[] fb = b.clone();
        ntt.forward(fa);
        ntt.forward(fb);
        for (int i = 0; i < fa.length; i++) {
            fa[i] = q.mul(fa[i], fb[i]);
        }
        ntt.inverse(fa);
        assertArrayEquals(expected, fa);
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 2048, 4096, 8192, 16384, 32768})
    void inverseUndoesForwardForEverySupportedDegree(int n) {
        RlweContext ctx = RlweContext.withPrimeBits(n, Math.min(60, n / 64 + 10));
        NttTables ntt = ctx.basis().ntt(0);
        long[] a = TestPolynomials.uniform(new Random(n), n, ntt.modulus().value());
        long[] x = a.clone();
        ntt.forward(x);
        ntt.inverse(x);
        assertArrayEquals(a, x);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, 64, 128, 1024, 4096, 32768})
    void vectorAndScalarStagesGiveTheSameValues(int n) {
        // A 60-bit prime: the widest, where lazy values come closest to 2^62.
        Modulus prime = new Modulus(Primes.nttPrimes(60, n, 1, List.of()).get(0));
        NttTables scalar = new NttTables(n, prime, false);
        NttTables vector = new NttTables(n, prime, true);
        long[] a = TestPolynomials.uniform(new Random(n + 1), n, prime.value());
        long[] s = a.clone();
        long[] v = a.clone();
        scalar.forward(s);
        vector.forward(v);
        assertArrayEquals(s, v, "forward");
        scalar.inverse(s);
        vector.inverse(v);
        assertArrayEquals(a, s, "scalar round trip");
        assertArrayEquals(a, v, "vector round trip");
        long q = prime.value();
        long[] lazyInput = TestPolynomials.uniform(new Random(n + 2), n, 4 * q);
        long[] ls = lazyInput.clone();
        long[] lv = lazyInput.clone();
        scalar.forwardLazy(ls);
        vector.forwardLazy(lv);
        assertSameResiduesBelow(ls, lv, q, 4 * q);
        long[] inverseInput = TestPolynomials.uniform(new Random(n + 3), n, 2 * q);
        long[] is = inverseInput.clone();
        long[] iv = inverseInput.clone();
        scalar.inverseLazy(is);
        vector.inverseLazy(iv);
        assertSameResiduesBelow(is, iv, q, 2 * q);
    }

    private static void assertSameResiduesBelow(long[] scalar, long[] vector, long q, long bound) {
        for (int i = 0; i < scalar.length; i++) {
            assertTrue(vector[i] >= 0 && vector[i] < bound, "lazy vector value out of [0, " + bound / q + "q)");
            assertEquals(scalar[i] % q, vector[i] % q);
        }
    }

    @Test
    void lazyForwardStaysBelowFourQAndAgreesWithFullReduction() {
        NttTables ntt = RlweContext.cheetah4096().basis().ntt(0);
        long q = ntt.modulus().value();
        // Inputs anywhere in [0, 4q) are allowed for the lazy transform.
        long[] a = TestPolynomials.uniform(new Random(7), 4096, 4 * q);
        long[] lazy = a.clone();
        ntt.forwardLazy(lazy);
        long[] full = a.clone();
        for (int i = 0; i < full.length; i++) {
            full[i] %= q;
        }
        ntt.forward(full);
        for (int i = 0; i < a.length; i++) {
            assertTrue(lazy[i] >= 0 && lazy[i] < 4 * q, "lazy value out of [0, 4q)");
            assertEquals(full[i], lazy[i] % q);
        }
    }

    @Test
    void transformOfXIsTheOddPowersOfPsi() {
        // NTT(X) evaluates X at the 2N-th roots psi^(2k+1): each output must be a root of X^N + 1.
        NttTables ntt = RlweContext.cheetah4096().basis().ntt(1);
        Modulus q = ntt.modulus();
        long[] x = new long[4096];
        x[1] = 1;
        ntt.forward(x);
        for (long v : x) {
            assertEquals(q.value() - 1, q.pow(v, 4096));
        }
        assertEquals(4096, java.util.Arrays.stream(x).distinct().count());
    }
}
