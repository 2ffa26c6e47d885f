package org.hequant.he;

import java.math.BigInteger;
import java.util.Random;

/** Independent reference computations for tests: schoolbook negacyclic products, exact rounding. */
public final class TestPolynomials {
    private TestPolynomials() {
    }

    /** a*b mod (X^N + 1, q) by the schoolbook rule with BigInteger-free 128-bit-safe arithmetic. */
    public static long[] negacyclicProduct(long[] a, long[] b, long q) {
        int n = a.length;
        BigInteger bq = BigInteger.valueOf(q);
        long[] out = new long[n];
        BigInteger[] acc = new BigInteger[n];
        for (int k = 0; k < n; k++) {
            acc[k] = BigInteger.ZERO;
        }
        for (int i = 0; i < n; i++) {
            if (a[i] == 0) {
                continue;
            }
            BigInteger ai = BigInteger.valueOf(a[i]);
            for (int j = 0; j < n; j++) {
                if (b[j] == 0) {
                    continue;
                }
                int k = i + j;
                BigInteger p = ai.multiply(BigInteger.valueOf(b[j]));
                if (k < n) {
                    acc[k] = acc[k].add(p);
                } else {
                    acc[k - n] = acc[k - n].subtract(p);
                }
            }
        }
        for (int k = 0; k < n; k++) {
            out[k] = acc[k].mod(bq).longValue();
        }
        return out;
    }

    /** a*b mod (X^N + 1, 2^l), l &lt;= 63, exploiting that 2^l divides 2^64 (wrapping arithmetic is exact). */
    public static long[] negacyclicProductPowerOfTwo(long[] a, long[] b, int l) {
        int n = a.length;
        long[] acc = new long[n];
        for (int i = 0; i < n; i++) {
            long ai = a[i];
            for (int j = 0; j < n; j++) {
                int k = i + j;
                long p = ai * b[j];
                if (k < n) {
                    acc[k] += p;
                } else {
                    acc[k - n] -= p;
                }
            }
        }
        long mask = (1L << l) - 1;
        for (int k = 0; k < n; k++) {
            acc[k] &= mask;
        }
        return acc;
    }

    public static long[] uniform(Random r, int n, long bound) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.floorMod(r.nextLong(), bound);
        }
        return a;
    }
}
