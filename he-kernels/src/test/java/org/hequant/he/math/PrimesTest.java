package org.hequant.he.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrimesTest {
    @Test
    void primalityAgreesWithBigInteger() {
        Random r = new Random(3);
        for (int i = 0; i < 20000; i++) {
            long n = r.nextLong() >>> (3 + r.nextInt(58));
            assertEquals(BigInteger.valueOf(n).isProbablePrime(60), Primes.isPrime(n), "n = " + n);
        }
        // Strong pseudoprimes to several small bases must still be caught.
        assertTrue(!Primes.isPrime(3215031751L));
        assertTrue(!Primes.isPrime(2152302898747L));
        assertTrue(!Primes.isPrime(341550071728321L));
    }

    @Test
    void nttPrimesAreTheLargestOfTheirSizeCongruentToOne() {
        List<Long> primes = Primes.nttPrimes(49, 4096, 3, List.of());
        long previous = 1L << 49;
        for (long p : primes) {
            assertEquals(49, 64 - Long.numberOfLeadingZeros(p));
            assertEquals(1, p % 8192);
            assertTrue(BigInteger.valueOf(p).isProbablePrime(60));
            for (long c = previous - 1; c > p; c--) {
                assertTrue(c % 8192 != 1 || !BigInteger.valueOf(c).isProbablePrime(40), "skipped prime " + c);
            }
            previous = p;
        }
    }

    @Test
    void primitiveRootHasOrderExactlyTwoN() {
        Modulus q = new Modulus(Primes.nttPrimes(60, 4096, 1, List.of()).get(0));
        long psi = Primes.minimalPrimitiveRoot(8192, q);
        assertEquals(q.value() - 1, q.pow(psi, 4096));
        assertEquals(1, q.pow(psi, 8192));
    }
}
