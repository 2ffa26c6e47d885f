package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * The two-party protocol of the requantization step between two layers of a quantized network, the IR's
 * {@code models.ir.Requantization} run on additive shares ({@link CheetahRequantization} is OpenCheetah's form
 * of it): an accumulator (signed, l bits) is multiplied by a public fixed-point multiplier, shifted right by a
 * public amount with rounding (add 2^(shift-1), then an exact arithmetic shift), clamped to [min, max] (with
 * min = 0 this is ReLU and the upper clip together), and handed over in the next layer's ring of l' bits.
 *
 * <p>Exact requantizations to [0, 2^b - 1] (the fused ReLU of a b-bit network) or to the signed
 * [-2^(b-1), 2^(b-1) - 1] run as one protocol ({@link #fusedClamp}): one millionaire tree decides the shift's
 * carry, the sign and the clip together ({@link ClampComparison}), and one multiplexer in a (b+1)-bit ring picks
 * the result, exact for every l-bit accumulator. The approximate truncation of the baseline modes and other
 * ranges keep the composed form: for min = 0 the ReLU is taken before the shift (see {@link #reluFirst}); otherwise
 * the clamp is min + ReLU(t - min) - ReLU(t - max), both comparisons as one batched millionaire and both
 * selections as one batched multiplexer. Precondition:
 * t - min and t - max must not overflow the l-bit ring (true when |t| and the clip bounds stay below
 * 2^(l-2), e.g. any shift of at least one bit of an accumulator that fits in l - 1 bits). The clamp itself
 * runs in the narrower ring the shifted value and the bounds need ({@link #clipBits}). A non-negative result
 * makes a wider output ring cheap (one correlated OT per element).
 */
public final class SecureRequantization {
    private SecureRequantization() {
    }

    /** Shift, round and clip to [0, 2^outWidth - 1] (the fused ReLU of a quantized network). */
    public static long[] requantize(Session s, String label, long[] acc, int bits, int shift, int outBits, int outWidth,
            Truncation.Mode mode) {
        if (outWidth < 1 || outWidth >= bits || outWidth >= outBits) {
            throw new IllegalArgumentException("clip width b = " + outWidth + " must be below l = " + bits
                    + " and l' = " + outBits);
        }
        return requantize(s, label, acc, bits, 1, shift, 0, (1L << outWidth) - 1, outBits, mode);
    }

    /** The general form: y = clamp(round(acc * multiplier / 2^shift), min, max) in a ring of outBits. */
    public static long[] requantize(Session s, String label, long[] acc, int bits, long multiplier, int shift, long min,
            long max, int outBits, Truncation.Mode mode) {
        if (min > max || multiplier < 1) {
            throw new IllegalArgumentException("requantization needs min <= max and a positive multiplier");
        }
        long[] multipliers = new long[acc.length];
        java.util.Arrays.fill(multipliers, multiplier);
        return requantize(s, label, acc, bits, multipliers, shift, min, max, outBits, mode);
    }

    /**
     * As above with a public multiplier per element (per-channel scales brought to one common shift): the
     * products are local, so the protocol and its bytes are those of a single multiplier.
     */
    public static long[] requantize(Session s, String label, long[] acc, int bits, long[] multipliers, int shift,
            long min, long max, int outBits, Truncation.Mode mode) {
        int n = acc.length;
        if (min > max || multipliers.length != n) {
            throw new IllegalArgumentException("requantization needs min <= max and one multiplier per element");
        }
        long mask = ShareRing.mask(bits);
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            if (multipliers[i] < 1) {
                throw new IllegalArgumentException("requantization needs positive multipliers");
            }
            long v = acc[i] * multipliers[i];
            x[i] = (shift > 0 && s.isServer() ? v + (1L << (shift - 1)) : v) & mask;
        }
        Form form = Form.of(bits, shift, min, max, mode);
        switch (form) {
            case FUSED:
                return fusedClamp(s, label, x, bits, shift, Long.numberOfTrailingZeros(max + 1), false, outBits);
            case FUSED_SIGNED:
                return fusedClamp(s, label, x, bits, shift, signedWidth(max), true, outBits);
            case RELU_FIRST:
                return reluFirst(s, label, x, bits, shift, max, outBits, mode);
            default:
                break;
        }
        int clip = clipBits(bits, shift, Math.max(Math.abs(min), Math.abs(max)), outBits);
        long clipMask = ShareRing.mask(clip);
        long[] t = BitWidth.reduce(Truncation.shiftRight(s, label + "/shift", x, bits, shift, mode,
                Truncation.KnownSign.UNKNOWN), clip);
        long[] both = new long[2 * n];
        for (int i = 0; i < n; i++) {
            both[i] = s.isServer() ? (t[i] - min) & clipMask : t[i];
            both[n + i] = s.isServer() ? (t[i] - max) & clipMask : t[i];
        }
        boolean[] positive = Comparison.drelu(s, label + "/clip", both, clip);
        long[] selected = Conversion.select(s, positive, both, clip);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = (selected[i] - selected[n + i] + (s.isServer() ? min : 0)) & clipMask;
        }
        return toRing(s, label, y, clip, outBits, min >= 0);
    }

    /** Which protocol a requantization runs: the decision {@link #requantize} and {@link #traffic} share. */
    private enum Form {
        /** The exact clamp to [0, 2^b - 1] ({@link #fusedClamp}). */
        FUSED,
        /** The exact clamp to the signed b-bit range, where it can bind. */
        FUSED_SIGNED,
        /** Other ranges from 0: ReLU, shift, upper clip ({@link #reluFirst}). */
        RELU_FIRST,
        /** Everything else: shift, then min + ReLU(t - min) - ReLU(t - max). */
        GENERAL;

        static Form of(int bits, int shift, long min, long max, Truncation.Mode mode) {
            boolean exact = mode == Truncation.Mode.EXACT && bits >= 2 && bits <= 63 && shift < bits;
            boolean powerOfTwo = max >= 0 && Long.bitCount(max + 1) == 1;
            if (exact && min == 0 && max > 0 && powerOfTwo) {
                return FUSED;
            }
            // The signed range of b bits, where it can bind (otherwise the clamp is a plain truncation).
            boolean binds = shift + signedWidth(max) - 1 <= bits - 2;
            if (exact && binds && powerOfTwo && min == -max - 1) {
                return FUSED_SIGNED;
            }
            return min == 0 ? RELU_FIRST : GENERAL;
        }
    }

    /** b for the signed range [-2^(b-1), 2^(b-1) - 1] whose top is {@code max}. */
    private static int signedWidth(long max) {
        return Long.numberOfTrailingZeros(max + 1) + 1;
    }

    /**
     * Bytes of {@link #requantize(Session, String, long[], int, long, int, long, long, int, Truncation.Mode)} on n
     * elements, from the same choice of protocol, widths and rings.
     */
    public static Traffic traffic(long n, int bits, int shift, long min, long max, int outBits, Truncation.Mode mode) {
        if (min > max) {
            throw new IllegalArgumentException("requantization needs min <= max");
        }
        switch (Form.of(bits, shift, min, max, mode)) {
            case FUSED:
                return fusedTraffic(n, bits, shift, Long.numberOfTrailingZeros(max + 1), false, outBits);
            case FUSED_SIGNED:
                return fusedTraffic(n, bits, shift, signedWidth(max), true, outBits);
            case RELU_FIRST: {
                int clip = clipBits(bits, shift, max, outBits);
                return Relu.traffic(n, bits)
                        .plus(Truncation.shiftRightTraffic(n, bits, shift, mode, Truncation.KnownSign.NON_NEGATIVE))
                        .plus(Relu.traffic(n, clip)).plus(toRingTraffic(n, clip, outBits, true));
            }
            default: {
                int clip = clipBits(bits, shift, Math.max(Math.abs(min), Math.abs(max)), outBits);
                return Truncation.shiftRightTraffic(n, bits, shift, mode, Truncation.KnownSign.UNKNOWN)
                        .plus(Comparison.dreluTraffic(2 * n, clip)).plus(Conversion.selectTraffic(2 * n, clip))
                        .plus(toRingTraffic(n, clip, outBits, min >= 0));
            }
        }
    }

    /** The ring of {@link #fusedClamp}'s arithmetic: r = min(b + 1, l - s). */
    private static int fusedRing(int bits, int shift, int width) {
        return Math.min(width + 1, bits - shift);
    }

    private static Traffic fusedTraffic(long n, int bits, int shift, int width, boolean signed, int outBits) {
        int r = fusedRing(bits, shift, width);
        Traffic t = ClampComparison.traffic(n, bits, shift, width, signed)
                .plus(CorrelatedMultiplexer.traffic(n, true, r));
        if (shift > 0) {
            t = t.plus(Conversion.b2aTraffic(n, r));
        }
        return outBits <= r ? t : t.plus(Conversion.b2aTraffic(n, outBits - r));
    }

    private static Traffic toRingTraffic(long n, int bits, int outBits, boolean nonNegative) {
        return outBits <= bits ? Traffic.NONE : BitWidth.extendTraffic(n, bits, outBits, true,
                nonNegative ? Truncation.KnownSign.NON_NEGATIVE : Truncation.KnownSign.UNKNOWN);
    }

    /**
     * The exact form for a range of 2^b values: z = clamp(u &gt;&gt; s, 0, 2^b - 1) from one
     * {@link ClampComparison} (c_s, q = "in range", g = "above"), then z = q t + g (2^b - 1), where
     * t = (u_S &gt;&gt; s) + (u_C &gt;&gt; s) + c_s equals u &gt;&gt; s mod 2^r for any r &lt;= l - s. The signed range is the
     * same with t + 2^(b-1) (in [0, 2^b) where in range) and the result less 2^(b-1). Everything runs mod 2^r,
     * r = min(b + 1, l - s): z &lt; 2^b fits with its top bit clear, so its extension to l' bits needs only the wrap
     * m_S OR m_C of the shares' top bits (one correlated OT). The multiplexer q t and the term (p XOR q)(2^b - 1)
     * are one {@link CorrelatedMultiplexer}.
     */
    private static long[] fusedClamp(Session s, String label, long[] u, int bits, int shift, int width, boolean signed,
            int outBits) {
        int n = u.length;
        int r = fusedRing(bits, shift, width);
        long mask = ShareRing.mask(r);
        long lift = signed && s.isServer() ? 1L << (width - 1) : 0;
        ClampComparison.Decisions d = ClampComparison.decide(s, label + "/clamp", u, bits, shift, width, signed);
        long[] carry = shift > 0 ? Conversion.b2a(s, d.carry(), r) : new long[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = ((u[i] >>> shift) + carry[i] + lift) & mask;
        }
        long[] z = CorrelatedMultiplexer.select(s, d.inRange(), t, d.above(), (1L << width) - 1, r);
        long[] y = outBits <= r ? BitWidth.reduce(z, outBits) : extendNonNegative(s, z, r, outBits);
        long outMask = ShareRing.mask(outBits);
        for (int i = 0; i < n; i++) {
            y[i] = (y[i] - lift) & outMask;
        }
        return y;
    }

    /**
     * Shares mod 2^outBits of z &lt; 2^(r-1) from shares mod 2^r: z_S + z_C - 2^r w with w = m_S OR m_C, the
     * shares' top bits; only w mod 2^(outBits - r) matters, so the product m_S m_C is an OT of that many bits.
     */
    private static long[] extendNonNegative(Session s, long[] z, int r, int outBits) {
        int n = z.length;
        boolean[] top = new boolean[n];
        for (int i = 0; i < n; i++) {
            top[i] = Ring.msb(z[i], r);
        }
        long[] product = Conversion.product(s, top, outBits - r);
        long[] y = new long[n];
        long mask = ShareRing.mask(outBits);
        for (int i = 0; i < n; i++) {
            long wrap = (top[i] ? 1 : 0) - product[i];
            y[i] = (z[i] - (wrap << r)) & mask;
        }
        return y;
    }

    /**
     * The ring the clamp compares in. The shifted value t lies below 2^(l - 1 - shift) in magnitude (plus one
     * for an approximate truncation), so t minus a bound of magnitude at most {@code bound} fits a signed ring
     * of max(l - shift, bits(bound) + 1) + 1 bits, usually far below l: a millionaire costs in proportion to
     * its bits. Never narrower than the output ring, so the result needs no extension.
     */
    static int clipBits(int bits, int shift, long bound, int outBits) {
        int needed = Math.max(bits - shift, 64 - Long.numberOfLeadingZeros(bound) + 1) + 1;
        return Math.min(bits, Math.max(needed, outBits));
    }

    /**
     * The fused-ReLU case: with u = x + 2^(shift-1), clamp(floor(u / 2^shift), 0, max) =
     * min(floor(ReLU(u) / 2^shift), max). Taking the ReLU first makes the shift's wrap a known-sign one (one
     * correlated OT instead of a millionaire), and the upper clip is t - ReLU(t - max): two millionaires in
     * all where the general form needs three.
     */
    private static long[] reluFirst(Session s, String label, long[] u, int bits, int shift, long max, int outBits,
            Truncation.Mode mode) {
        int n = u.length;
        long[] positive = Relu.relu(s, label + "/relu", u, bits);
        int clip = clipBits(bits, shift, max, outBits);
        long mask = ShareRing.mask(clip);
        long[] t = BitWidth.reduce(Truncation.shiftRight(s, label + "/shift", positive, bits, shift, mode,
                Truncation.KnownSign.NON_NEGATIVE), clip);
        long[] over = new long[n];
        for (int i = 0; i < n; i++) {
            over[i] = s.isServer() ? (t[i] - max) & mask : t[i];
        }
        long[] excess = Relu.relu(s, label + "/clip", over, clip);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = (t[i] - excess[i]) & mask;
        }
        return toRing(s, label, y, clip, outBits, true);
    }

    private static long[] toRing(Session s, String label, long[] y, int bits, int outBits, boolean nonNegative) {
        if (outBits <= bits) {
            return BitWidth.reduce(y, outBits);
        }
        return BitWidth.extend(s, label + "/extend", y, bits, outBits, true,
                nonNegative ? Truncation.KnownSign.NON_NEGATIVE : Truncation.KnownSign.UNKNOWN);
    }
}
