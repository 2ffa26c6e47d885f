package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * Sign and carry of additively shared values x = x_S + x_C mod 2^l, via one millionaire each.
 * The carry of the low {@code bits} bits is 1{x_S' + x_C' &gt;= 2^bits} = 1{2^bits - 1 - x_S' &lt; x_C'}.
 */
public final class Comparison {
    private Comparison() {
    }

    /** XOR shares of the carry out of the low {@code bits} bits of the two shares (bits in 1..64). */
    public static boolean[] carry(Session s, String label, long[] share, int bits) {
        long mask = ShareRing.mask(bits);
        long[] input = new long[share.length];
        for (int i = 0; i < share.length; i++) {
            long low = share[i] & mask;
            input[i] = s.isServer() ? (mask - low) & mask : low;
        }
        return Millionaire.lessThan(s, label, input, bits);
    }

    /** Bytes of {@link #carry} (and {@link #wrap}) on n elements: one millionaire of {@code bits} bits. */
    static Traffic carryTraffic(long n, int bits) {
        return Millionaire.traffic(n, bits);
    }

    /** Bytes of {@link #msb} and {@link #drelu} on n elements. */
    static Traffic dreluTraffic(long n, int bits) {
        return bits == 1 ? Traffic.NONE : carryTraffic(n, bits - 1);
    }

    /** XOR shares of the most significant bit of x (the sign in two's complement). */
    public static boolean[] msb(Session s, String label, long[] share, int bits) {
        Ring.requireBits(bits);
        int n = share.length;
        boolean[] out = new boolean[n];
        boolean[] c = bits == 1 ? new boolean[n] : carry(s, label, share, bits - 1);
        for (int i = 0; i < n; i++) {
            out[i] = Ring.msb(share[i], bits) ^ c[i];
        }
        return out;
    }

    /** XOR shares of DReLU(x) = 1{x &gt;= 0} for x read as a signed l-bit value. */
    public static boolean[] drelu(Session s, String label, long[] share, int bits) {
        boolean[] m = msb(s, label, share, bits);
        if (s.isServer()) {
            for (int i = 0; i < m.length; i++) {
                m[i] = !m[i];
            }
        }
        return m;
    }

    /** XOR shares of the wrap 1{x_S + x_C &gt;= 2^l} (the carry out of all l bits). */
    public static boolean[] wrap(Session s, String label, long[] share, int bits) {
        return carry(s, label, share, bits);
    }
}
