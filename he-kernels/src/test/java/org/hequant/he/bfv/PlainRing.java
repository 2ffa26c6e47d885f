package org.hequant.he.bfv;

import java.util.Random;

/** Independent plaintext arithmetic for the BFV tests: R_t = Z_t[X]/(X^N + 1) written out by hand. */
final class PlainRing {
    private PlainRing() {
    }

    /** a * b mod (X^N + 1, t) by the schoolbook rule; t &lt; 2^31 keeps every product in a long. */
    static long[] negacyclicProduct(long[] a, long[] b, long t) {
        int n = a.length;
        long[] acc = new long[n];
        for (int i = 0; i < n; i++) {
            long ai = a[i];
            if (ai == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                long p = ai * b[j] % t;
                int k = i + j;
                if (k < n) {
                    acc[k] += p;
                    if (acc[k] >= t) {
                        acc[k] -= t;
                    }
                } else {
                    acc[k - n] -= p;
                    if (acc[k - n] < 0) {
                        acc[k - n] += t;
                    }
                }
            }
        }
        return acc;
    }

    static long[] slotProduct(long[] a, long[] b, long t) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i] % t;
        }
        return out;
    }

    static long[] slotSum(long[] a, long[] b, long t) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] + b[i]) % t;
        }
        return out;
    }

    static long[] random(Random r, int n, long t) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.floorMod(r.nextLong(), t);
        }
        return a;
    }

    /** m(x) mod t by Horner's rule. */
    static long evaluate(long[] m, long x, long t) {
        long acc = 0;
        for (int i = m.length - 1; i >= 0; i--) {
            acc = (acc * x + m[i]) % t;
        }
        return acc;
    }

    /** m(X^g) mod (X^N + 1, t): coefficient j moves to j g mod 2N, negated past N. */
    static long[] automorphism(long[] m, int g, long t) {
        int n = m.length;
        long[] out = new long[n];
        for (int j = 0; j < n; j++) {
            long e = (long) j * g % (2L * n);
            if (e < n) {
                out[(int) e] = m[j];
            } else {
                out[(int) (e - n)] = (t - m[j]) % t;
            }
        }
        return out;
    }
}
