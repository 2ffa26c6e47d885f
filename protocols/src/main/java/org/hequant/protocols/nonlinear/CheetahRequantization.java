package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * The requantization of a quantized layer (y = clamp(acc * multiplier / 2^f, 0, max), ReLU and the upper clip
 * fused) with Cheetah's nonlinear protocols: OpenCheetah's ReLU followed by its truncation with a known MSB,
 * plus the clip a quantized network needs (OpenCheetah's fixed-point networks have none).
 *
 * <p>With x = acc * multiplier and cap = max 2^f, the clamp before the shift is r = ReLU(x) - ReLU(x - cap): both
 * DReLUs d_0 = 1{x &gt;= 0} and d_1 = 1{x &gt;= cap} run as one batched millionaire on the reduced ring that drops
 * the f bits the shift discards ({@link CheetahRelu}). Since d_1 = 1 implies d_0 = 1, r = (d_0 XOR d_1) x + d_1 cap:
 * one multiplexer with the lift of d_1 riding on it ({@link CorrelatedMultiplexer#select(Session, boolean[], long[], boolean[], long, int)}), where the clip's own
 * multiplexer would cost twice as much. Then {@link CheetahTruncation} shifts the non-negative r. Dropping
 * exactly the shifted-out bits costs no accuracy: a DReLU can only err where its input lies in [0, 2^f), and there
 * both ReLU(x) (0 or x &lt; 2^f) and the clip (cap or x below cap + 2^f) leave floor(r / 2^f) unchanged, and a
 * DReLU never errs towards 1, so d_1 = 1 still implies d_0 = 1. So floor(r / 2^f) = clamp(floor(x / 2^f), 0, max)
 * exactly.
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
        if (!fits(bits, shift, max, valueBits)) {
            throw new IllegalArgumentException("requantization of " + valueBits + "-bit values clipped at " + max
                    + " << " + shift + " does not fit the " + bits + "-bit ring");
        }
        int n = acc.length;
        long mask = ShareRing.mask(bits);
        long cap = max << shift;
        int width = width(shift, max, valueBits);
        long[] both = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long x = acc[i] * multiplier & mask;
            both[i] = x;
            both[n + i] = s.isServer() ? (x - cap) & mask : x;
        }
        boolean[] positive = CheetahRelu.drelu(s, label + "/drelu", both, bits, shift, width);
        boolean[] inside = new boolean[n];
        boolean[] over = new boolean[n];
        for (int i = 0; i < n; i++) {
            inside[i] = positive[i] ^ positive[n + i];
            over[i] = positive[n + i];
        }
        long[] r = CorrelatedMultiplexer.select(s, inside, java.util.Arrays.copyOf(both, n), over, cap, bits);
        return shift == 0 ? r : CheetahTruncation.shiftRightNonNegative(s, r, bits, shift);
    }

    /** Bytes of {@link #requantize} on n elements. */
    public static Traffic traffic(long n, int bits, int shift, long max, int valueBits) {
        Traffic t = CheetahRelu.dreluTraffic(2 * n, shift, width(shift, max, valueBits))
                .plus(CorrelatedMultiplexer.traffic(n, true, bits));
        return shift == 0 ? t : t.plus(CheetahTruncation.traffic(n, shift));
    }

    /**
     * Whether the ring has room above x and x - max 2^shift for the reduced ring (which needs a bit the values
     * do not use); a requantization whose values fill the ring cannot run this way.
     */
    public static boolean fits(int bits, int shift, long max, int valueBits) {
        return shift < 62 && max < 1L << (62 - shift) && width(shift, max, valueBits) < bits;
    }

    /** The signed width of x and x - max 2^shift. */
    private static int width(int shift, long max, int valueBits) {
        return Math.max(valueBits, 64 - Long.numberOfLeadingZeros(max << shift) + 1) + 1;
    }
}
