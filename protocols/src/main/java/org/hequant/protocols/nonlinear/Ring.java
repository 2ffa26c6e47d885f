package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * Arithmetic on Z_{2^l} for 1 &lt;= l &lt;= 64, where 64-bit wrap-around does the reduction for free.
 * (The linear layers' {@code ShareRing} stops at 60 bits because t must fit the RLWE modulus; the OT
 * protocols have no such limit.)
 */
final class Ring {
    private Ring() {
    }

    static void requireBits(int bits) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("ring bit width must be in [1, 64], got " + bits);
        }
    }

    /** The most significant bit of an l-bit value. */
    static boolean msb(long x, int bits) {
        return ((x >>> (bits - 1)) & 1) != 0;
    }

    static long[] add(long[] a, long[] b, int bits) {
        long m = ShareRing.mask(bits);
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] + b[i]) & m;
        }
        return out;
    }

    static long[] sub(long[] a, long[] b, int bits) {
        long m = ShareRing.mask(bits);
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] - b[i]) & m;
        }
        return out;
    }
}
