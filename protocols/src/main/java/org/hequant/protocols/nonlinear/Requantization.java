package org.hequant.protocols.nonlinear;

/**
 * The requantization step between two layers of a quantized network: an accumulator (signed, l bits)
 * is multiplied by a public fixed-point multiplier, shifted right by a public amount with rounding
 * (add 2^(shift-1), then an exact arithmetic shift), clamped to [min, max] (with min = 0 this is ReLU and
 * the upper clip together), and handed over in the next layer's ring of l' bits.
 *
 * <p>For min = 0 (ReLU and clip fused) the ReLU is taken before the shift (see {@link #reluFirst}); otherwise
 * the clamp is min + ReLU(t - min) - ReLU(t - max), both comparisons as one batched millionaire and both
 * selections as one batched multiplexer. Precondition:
 * t - min and t - max must not overflow the l-bit ring (true when |t| and the clip bounds stay below
 * 2^(l-2), e.g. any shift of at least one bit of an accumulator that fits in l - 1 bits). The clamp itself
 * runs in the narrower ring the shifted value and the bounds need ({@link #clipBits}). A non-negative result
 * makes a wider output ring cheap (one correlated OT per element).
 */
public final class Requantization {
    private Requantization() {
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
        int n = acc.length;
        long mask = Ring.mask(bits);
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            long v = acc[i] * multiplier;
            x[i] = (shift > 0 && s.isServer() ? v + (1L << (shift - 1)) : v) & mask;
        }
        if (min == 0) {
            return reluFirst(s, label, x, bits, shift, max, outBits, mode);
        }
        int clip = clipBits(bits, shift, Math.max(Math.abs(min), Math.abs(max)), outBits);
        long clipMask = Ring.mask(clip);
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
        long mask = Ring.mask(clip);
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
