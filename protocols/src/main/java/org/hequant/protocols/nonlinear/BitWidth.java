package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * Moving shares between rings: reduction to fewer bits is local (both shares mod 2^l'); extension to
 * more bits subtracts the wrap of the shares times 2^l (a millionaire + B2A), after biasing by 2^(l-1)
 * for signed values. A known sign makes the wrap cheap (see {@link Truncation.KnownSign}).
 */
public final class BitWidth {
    private BitWidth() {
    }

    public static long[] reduce(long[] share, int toBits) {
        long mask = ShareRing.mask(toBits);
        long[] out = new long[share.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = share[i] & mask;
        }
        return out;
    }

    /** Bytes of {@link #extend} on n elements: a millionaire and a B2A, or one correlated OT for a known sign. */
    public static Traffic extendTraffic(long n, int bits, int toBits, boolean signed, Truncation.KnownSign sign) {
        if (!signed || sign == Truncation.KnownSign.UNKNOWN) {
            return Comparison.carryTraffic(n, bits).plus(Conversion.b2aTraffic(n, toBits));
        }
        return Conversion.b2aTraffic(n, toBits);
    }

    /** Extends l-bit shares to l' bits, as signed (two's complement) or unsigned values. */
    public static long[] extend(Session s, String label, long[] share, int bits, int toBits, boolean signed,
            Truncation.KnownSign sign) {
        Ring.requireBits(bits);
        Ring.requireBits(toBits);
        if (toBits < bits) {
            throw new IllegalArgumentException("extension from " + bits + " to " + toBits + " bits: use reduce");
        }
        int n = share.length;
        long mask = ShareRing.mask(bits);
        long toMask = ShareRing.mask(toBits);
        boolean bias = signed && sign == Truncation.KnownSign.UNKNOWN;
        long half = 1L << (bits - 1);
        long[] u = new long[n];
        for (int i = 0; i < n; i++) {
            u[i] = bias && s.isServer() ? (share[i] + half) & mask : share[i];
        }
        long[] wrap;
        if (!signed || sign == Truncation.KnownSign.UNKNOWN) {
            wrap = Conversion.b2a(s, Comparison.wrap(s, label + "/wrap", u, bits), toBits);
        } else {
            wrap = Truncation.wrapWithKnownSign(s, u, bits, toBits, sign == Truncation.KnownSign.NEGATIVE);
        }
        long[] out = new long[n];
        long shiftedWrap = bits == 64 ? 0 : 1L << bits;
        // Undo the bias, or the 2^l by which a known-negative value's unsigned reading exceeds it.
        long correction = !s.isServer() ? 0 : bias ? half
                : signed && sign == Truncation.KnownSign.NEGATIVE ? shiftedWrap : 0;
        for (int i = 0; i < n; i++) {
            out[i] = (u[i] - wrap[i] * shiftedWrap - correction) & toMask;
        }
        return out;
    }
}
