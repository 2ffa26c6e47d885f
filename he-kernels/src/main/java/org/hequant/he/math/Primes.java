package org.hequant.he.math;

import java.util.ArrayList;
import java.util.List;

/** Deterministic primality testing and generation of NTT-friendly primes q = 1 mod 2N. */
public final class Primes {
    /** These Miller-Rabin bases are a proven witness set for every n below 2^64. */
    private static final long[] WITNESSES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};

    private Primes() {
    }

    /** Deterministic primality for 0 &lt;= n &lt; 2^61 (the range of {@link Modulus}). */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        for (long p : WITNESSES) {
            if (n % p == 0) {
                return n == p;
            }
        }
        Modulus m = new Modulus(n);
        long d = n - 1;
        int r = Long.numberOfTrailingZeros(d);
        d >>>= r;
        for (long a : WITNESSES) {
            long x = m.pow(a, d);
            if (x == 1 || x == n - 1) {
                continue;
            }
            boolean composite = true;
            for (int i = 1; i < r && composite; i++) {
                x = m.mul(x, x);
                composite = x != n - 1;
            }
            if (composite) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code count} largest primes of exactly {@code bits} bits with p = 1 mod 2N, in decreasing
     * order, skipping any listed in {@code exclude}. Same choice as SEAL's CoeffModulus::Create.
     */
    public static List<Long> nttPrimes(int bits, int degree, int count, List<Long> exclude) {
        if (bits < 2 || bits > Modulus.MAX_BITS) {
            throw new IllegalArgumentException("prime bit size must be in [2, " + Modulus.MAX_BITS + "], got " + bits);
        }
        long step = 2L * degree;
        long lower = 1L << (bits - 1);
        long candidate = ((1L << bits) - 1) / step * step + 1;
        if (candidate >= 1L << bits) {
            candidate -= step;
        }
        List<Long> result = new ArrayList<>();
        while (result.size() < count) {
            if (candidate < lower) {
                throw new IllegalArgumentException("not enough " + bits + "-bit primes = 1 mod " + step);
            }
            if (isPrime(candidate) && !exclude.contains(candidate)) {
                result.add(candidate);
            }
            candidate -= step;
        }
        return result;
    }

    /** A primitive 2N-th root of unity mod prime q (q = 1 mod 2N), the smallest in value. */
    public static long minimalPrimitiveRoot(int twoN, Modulus q) {
        long p = q.value();
        if ((p - 1) % twoN != 0) {
            throw new IllegalArgumentException("prime " + p + " is not 1 mod " + twoN);
        }
        long cofactor = (p - 1) / twoN;
        for (long g = 2; g < p; g++) {
            long root = q.pow(g, cofactor);
            // root has order dividing 2N; it is primitive iff root^N = -1.
            if (q.pow(root, twoN / 2) == p - 1) {
                long best = root;
                long square = q.mul(root, root);
                long current = root;
                for (int i = 0; i < twoN / 2; i++) {
                    current = q.mul(current, square);
                    if (current < best) {
                        best = current;
                    }
                }
                return best;
            }
        }
        throw new IllegalStateException("no primitive root found mod " + p);
    }
}
