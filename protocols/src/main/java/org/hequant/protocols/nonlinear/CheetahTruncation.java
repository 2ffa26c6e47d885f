package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * Cheetah's truncation after a ReLU: a right shift by f public bits of x known to lie in [0, 2^(l-1)), where
 * the known most significant bit makes the wrap of the shares cheap.
 *
 * <p>With x = x_S + x_C - w 2^l, floor(x / 2^f) = (x_S &gt;&gt; f) + (x_C &gt;&gt; f) + c - w 2^(l-f), c the
 * carry out of the shares' low f bits. For msb(x) = 0 the wrap is w = m_S OR m_C = m_S + m_C - m_S m_C of the
 * shares' top bits, and since w is multiplied by 2^(l-f) it is needed only mod 2^f: one correlated OT of f bits
 * (OpenCheetah's truncate_msb0 runs a bit OT and a B2A of f bits for it). The carry is dropped, as in
 * OpenCheetah, and the server adds one.
 *
 * <p>Error bound: the result is floor(x / 2^f) + 1 - c, so floor(x / 2^f) or one more, always (no failure
 * probability). Over the uniform shares it is one more with probability ((x mod 2^f) + 1) / 2^f: a
 * stochastic rounding of x / 2^f, never negative. (OpenCheetah's floor(x / 2^f) - c turns almost every zero
 * into -1: harmless at its 12 fractional bits, a whole step for a 4-bit activation.)
 */
public final class CheetahTruncation {
    private CheetahTruncation() {
    }

    /** Bytes of {@link #shiftRightNonNegative} on n elements: the wrap's correlated OT of f bits. */
    static Traffic traffic(long n, int f) {
        return Conversion.b2aTraffic(n, f);
    }

    public static long[] shiftRightNonNegative(Session s, long[] share, int bits, int f) {
        Ring.requireBits(bits);
        if (f < 1 || f >= bits) {
            throw new IllegalArgumentException("truncation by " + f + " bits needs 1 <= f < l = " + bits);
        }
        int n = share.length;
        long mask = ShareRing.mask(bits);
        // The wrap is needed only mod 2^f: it enters shifted left by l - f.
        long[] wrap = Truncation.wrapWithKnownSign(s, share, bits, f, false);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((share[i] >>> f) + (s.isServer() ? 1 : 0) - (wrap[i] << (bits - f))) & mask;
        }
        return out;
    }
}
