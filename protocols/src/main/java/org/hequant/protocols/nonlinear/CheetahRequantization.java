package org.hequant.protocols.nonlinear;

/**
 * The requantization of a quantized layer (y = clamp(acc * multiplier / 2^f, 0, max), ReLU and the upper clip
 * fused) with Cheetah's nonlinear protocols: OpenCheetah's ReLU followed by its truncation with a known MSB,
 * plus the clip a quantized network needs (OpenCheetah's fixed-point networks have none).
 *
 * <p>With x = acc * multiplier, the clamp before the shift is ReLU(x) - ReLU(x - max 2^f): both DReLUs run as
 * one batched millionaire on the reduced ring that drops the f bits the shift discards ({@link CheetahRelu}),
 * both selections as one batched {@link CheetahMultiplexer}, then {@link CheetahTruncation} shifts the
 * non-negative result. Dropping exactly the shifted-out bits costs no accuracy: a DReLU can only err where its
 * input lies in [0, 2^f), and there both ReLU(x) (0 or x &lt; 2^f) and the clip (max 2^f or x below
 * (max + 1) 2^f) leave floor(r / 2^f) unchanged. So r = clamp(x, 0, max 2^f), up to its low f bits, exactly.
 *
 * <p>Error bound: y = clamp(floor(x / 2^f), 0, max) + e with e in {0, 1} (the truncation's dropped carry), so
 * y lies in [0, max + 1] and |y - Requantization.apply(acc)| &lt;= 1 (which rounds half up) for every input,
 * with no failure probability, provided x fits {@code valueBits} signed bits. e = 1 with probability
 * ((r mod 2^f) + 1) / 2^f over the shares, so y = max + 1 only with probability 2^-f per saturated value.
 */
public final class CheetahRequantization {
    private CheetahRequantization() {
    }

    public static long[] requantize(Session s, String label, long[] acc, int bits, long multiplier, int shift, long max,
            int valueBits) {
        if (multiplier < 1 || max < 1 || shift < 0) {
            throw new IllegalArgumentException("requantization needs a positive multiplier and clip bound");
        }
        int n = acc.length;
        long mask = Ring.mask(bits);
        long cap = max << shift;
        // x and x - cap as signed values of this many bits.
        int width = Math.max(valueBits, 64 - Long.numberOfLeadingZeros(cap) + 1) + 1;
        if (width >= bits) {
            throw new IllegalArgumentException("requantization of " + valueBits + "-bit values clipped at " + max
                    + " << " + shift + " does not fit the " + bits + "-bit ring");
        }
        long[] both = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long x = acc[i] * multiplier & mask;
            both[i] = x;
            both[n + i] = s.isServer() ? (x - cap) & mask : x;
        }
        boolean[] positive = CheetahRelu.drelu(s, label + "/drelu", both, bits, shift, width);
        long[] selected = CheetahMultiplexer.select(s, positive, both, bits);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = (selected[i] - selected[n + i]) & mask;
        }
        return shift == 0 ? r : CheetahTruncation.shiftRightNonNegative(s, r, bits, shift);
    }
}
