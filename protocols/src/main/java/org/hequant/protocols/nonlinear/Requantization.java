package org.hequant.protocols.nonlinear;

/**
 * The requantization step between two layers of a quantized network: an accumulator (signed, l bits)
 * is shifted right by a public amount with rounding, clipped to [0, 2^b - 1] (ReLU and the upper clip
 * together), and handed over in the next layer's ring of l' bits.
 *
 * <p>Both comparisons of the clip, t &gt;= 0 and t &gt;= 2^b - 1, run as one batched millionaire and both
 * selections as one batched multiplexer, so the clip costs the rounds of a single ReLU. The result is
 * known to be non-negative, which makes a wider output ring cheap (one correlated OT per element).
 */
public final class Requantization {
    private Requantization() {
    }

    public static long[] requantize(Session s, String label, long[] acc, int bits, int shift, int outBits, int outWidth,
            Truncation.Mode mode) {
        if (outWidth < 1 || outWidth >= bits || outWidth >= outBits) {
            throw new IllegalArgumentException("clip width b = " + outWidth + " must be below l = " + bits
                    + " and l' = " + outBits);
        }
        int n = acc.length;
        long mask = Ring.mask(bits);
        long[] x = acc.clone();
        if (shift > 0 && s.isServer()) {
            for (int i = 0; i < n; i++) {
                x[i] = (x[i] + (1L << (shift - 1))) & mask;
            }
        }
        long[] t = Truncation.shiftRight(s, label + "/shift", x, bits, shift, mode, Truncation.KnownSign.UNKNOWN);
        long top = (1L << outWidth) - 1;
        long[] both = new long[2 * n];
        for (int i = 0; i < n; i++) {
            both[i] = t[i];
            both[n + i] = s.isServer() ? (t[i] - top) & mask : t[i];
        }
        boolean[] positive = Comparison.drelu(s, label + "/clip", both, bits);
        long[] selected = Conversion.select(s, positive, both, bits);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = (selected[i] - selected[n + i]) & mask;
        }
        if (outBits <= bits) {
            return BitWidth.reduce(y, outBits);
        }
        return BitWidth.extend(s, label + "/extend", y, bits, outBits, true, Truncation.KnownSign.NON_NEGATIVE);
    }
}
