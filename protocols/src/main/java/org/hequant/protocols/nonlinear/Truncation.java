package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * Arithmetic right shift of shared signed l-bit values by f public bits (SiRNN-style).
 *
 * <p>Writing u = x + 2^(l-1) (now non-negative) as u_S + u_C - w 2^l, floor(u / 2^f) =
 * (u_S &gt;&gt; f) + (u_C &gt;&gt; f) + c - w 2^(l-f), where w is the wrap of the shares and c the carry out
 * of their low f bits; subtracting 2^(l-1-f) gives x &gt;&gt; f.
 * <ul>
 *   <li>{@link Mode#EXACT}: w and c each from a millionaire, lifted with B2A.</li>
 *   <li>{@link Mode#APPROXIMATE}: c is dropped; the result is x &gt;&gt; f or one less.</li>
 * </ul>
 * When the sign of x is known ({@link KnownSign}), w needs no millionaire: with m_S, m_C the top bits of
 * the shares, w = m_S OR m_C for x &gt;= 0 and w = m_S AND m_C for x &lt; 0, one correlated OT.
 */
public final class Truncation {
    public enum Mode {
        EXACT, APPROXIMATE
    }

    public enum KnownSign {
        UNKNOWN, NON_NEGATIVE, NEGATIVE
    }

    private Truncation() {
    }

    public static long[] shiftRight(Session s, String label, long[] share, int bits, int f, Mode mode, KnownSign sign) {
        Ring.requireBits(bits);
        if (f < 0 || f >= bits) {
            throw new IllegalArgumentException("truncation by " + f + " bits needs 0 <= f < l = " + bits);
        }
        if (f == 0) {
            return share.clone();
        }
        int n = share.length;
        long mask = ShareRing.mask(bits);
        boolean biased = sign == KnownSign.UNKNOWN;
        long[] u = new long[n];
        for (int i = 0; i < n; i++) {
            u[i] = biased && s.isServer() ? (share[i] + (1L << (bits - 1))) & mask : share[i];
        }
        long[] wrap = biased ? Conversion.b2a(s, Comparison.wrap(s, label + "/wrap", u, bits), bits)
                : wrapWithKnownSign(s, u, bits, bits, sign == KnownSign.NEGATIVE);
        long[] carry = mode == Mode.EXACT ? Conversion.b2a(s, Comparison.carry(s, label + "/carry", u, f), bits)
                : new long[n];
        long[] out = new long[n];
        // The unsigned reading of x is x + 2^(l-1) when biased, x + 2^l when known negative.
        long correction = !s.isServer() ? 0 : biased ? 1L << (bits - 1 - f)
                : sign == KnownSign.NEGATIVE ? 1L << (bits - f) : 0;
        for (int i = 0; i < n; i++) {
            long shifted = u[i] >>> f;
            out[i] = (shifted + carry[i] - (wrap[i] << (bits - f)) - correction) & mask;
        }
        return out;
    }

    /** Bytes of {@link #shiftRight} on n elements. */
    static Traffic shiftRightTraffic(long n, int bits, int f, Mode mode, KnownSign sign) {
        if (f == 0) {
            return Traffic.NONE;
        }
        Traffic wrap = sign == KnownSign.UNKNOWN ? Comparison.carryTraffic(n, bits).plus(Conversion.b2aTraffic(n, bits))
                : Conversion.b2aTraffic(n, bits);
        return mode == Mode.EXACT ? wrap.plus(Comparison.carryTraffic(n, f)).plus(Conversion.b2aTraffic(n, bits)) : wrap;
    }

    /**
     * Arithmetic shares mod 2^outBits of the wrap of l-bit shares when the sign of x is known (one
     * correlated OT for m_S m_C).
     */
    static long[] wrapWithKnownSign(Session s, long[] u, int bits, int outBits, boolean negative) {
        int n = u.length;
        long mask = ShareRing.mask(outBits);
        boolean[] top = new boolean[n];
        for (int i = 0; i < n; i++) {
            top[i] = Ring.msb(u[i], bits);
        }
        long[] product = Conversion.product(s, top, outBits);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long m = top[i] ? 1 : 0;
            // OR = m_S + m_C - m_S m_C; AND = m_S m_C.
            out[i] = negative ? product[i] : (m - product[i]) & mask;
        }
        return out;
    }
}
